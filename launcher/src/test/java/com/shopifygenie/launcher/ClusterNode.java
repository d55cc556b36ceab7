package com.shopifygenie.launcher;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One node of a split deploy, as an operator starts it: `run --verticles ... --config F --cluster`
 * in a JVM of its own (the test's class path, a small heap), its output in a log file. A shutdown
 * hook kills it should the test JVM end without stopping it.
 */
final class ClusterNode {

  /** What Hazelcast asks for on Java 17; the jar's manifest carries the same. */
  private static final List<String> OPENS = List.of(
    "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.management/sun.management=ALL-UNNAMED",
    "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");

  final String name;
  final List<String> verticles;
  private final int httpPort;
  private final boolean clustered;
  private final Path config;
  private final Path log;
  private Process process;
  private final Thread killer = new Thread(this::kill, "kill-cluster-node");
  private boolean hooked;

  ClusterNode(Path dir, String name, JsonObject settings, List<String> verticles) {
    this(dir, name, settings, verticles, true);
  }

  /** A node that joins no cluster when {@code clustered} is false: the one-JVM shape, for comparison. */
  ClusterNode(Path dir, String name, JsonObject settings, List<String> verticles, boolean clustered) {
    this.clustered = clustered;
    this.name = name;
    this.verticles = verticles;
    this.httpPort = settings.getJsonObject("http").getInteger("port");
    this.config = dir.resolve(name + ".yaml");
    this.log = dir.resolve(name + ".log");
    try {
      // JSON is YAML: the node reads it as its --config file
      Files.writeString(config, settings.encodePrettily());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int httpPort() {
    return httpPort;
  }

  /** Starts it (again, after a kill: the same node coming back). */
  ClusterNode start() {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command = new ArrayList<>(List.of(java));
    // small and quick to start for tests (C1 only); bench/cluster.sh asks for what a server runs with
    command.addAll(List.of(System.getProperty("cluster.node.jvm", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1")
      .trim().split("\\s+")));
    command.addAll(OPENS);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
      "run", "--verticles", String.join(",", verticles), "--config", config.toString()));
    if (clustered) {
      command.add("--cluster");
    }
    var builder = new ProcessBuilder(command).redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(variable -> variable.startsWith("SHOPIFYGENIE_"));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!hooked) {
      Runtime.getRuntime().addShutdownHook(killer);
      hooked = true;
    }
    return this;
  }

  /** Waits until it printed that it runs; fails with its log if it died or took too long. */
  ClusterNode awaitRunning() {
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!output().contains("ShopifyGenie is running")) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(name + " did not start:\n" + tail());
      }
      pause(100);
    }
    return this;
  }

  /** SIGKILL: no shutdown, no goodbye to the cluster or the Kafka group. */
  void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Kills it and forgets the shutdown hook (the test's own cleanup). */
  void stop() {
    kill();
    try {
      if (hooked) {
        Runtime.getRuntime().removeShutdownHook(killer);
        hooked = false;
      }
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  String tail() {
    var text = output();
    return "--- " + name + " (" + log + ") ---\n" + text.substring(Math.max(0, text.length() - 4000));
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
