package com.shopifygenie.devkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for servers started by the developer's conveniences and the tests: free when picked, and
 * below the kernel's ephemeral range (32768 up on Linux). A port the kernel picked from that range
 * was at times taken by an outgoing connection (a pool's, a broker client's) before the server
 * bound it, seconds later for a broker's JVM. Each JVM starts at its own place, so parallel test
 * JVMs seldom try the same ones.
 */
public final class FreePorts {

  private static final int FIRST = 20_000;
  private static final int COUNT = 12_000;
  private static final AtomicInteger next =
    new AtomicInteger((int) Math.floorMod(ProcessHandle.current().pid() * 1_009L, COUNT));

  private FreePorts() {}

  public static int pick() {
    for (int tried = 0; tried < COUNT; tried++) {
      var port = FIRST + Math.floorMod(next.getAndIncrement(), COUNT);
      try (var socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(port));
        return port;
      } catch (IOException taken) {
        // another process has it: the next one
      }
    }
    throw new UncheckedIOException(new IOException("no free port in " + FIRST + "-" + (FIRST + COUNT - 1)));
  }
}
