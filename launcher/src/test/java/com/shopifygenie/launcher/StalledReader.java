package com.shopifygenie.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A live feed client that sends its request and then reads nothing, with the smallest receive
 * window the kernel allows: what the server writes to it piles up in the server's queue. Speaks
 * raw HTTP, so the same client stalls a Server-Sent Events stream and a WebSocket.
 */
final class StalledReader implements AutoCloseable {

  private final Socket socket = new Socket();

  private StalledReader(int port, String request) throws IOException {
    // set before connecting, so the window the client advertises is small from the first byte
    socket.setReceiveBufferSize(1024);
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** GET /live/events, without a replay: the events come one by one, as they happen. */
  static StalledReader sse(int port, String token) throws IOException {
    return new StalledReader(port, "GET /live/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
      + "\r\n\r\n");
  }

  /** A WebSocket handshake on GET /live/ws, authenticated by its header; no compression, so ids show in the bytes. */
  static StalledReader webSocket(int port, String token) throws IOException {
    return new StalledReader(port, webSocketRequest(token));
  }

  /** The handshake of a WebSocket on GET /live/ws, authenticated by its header. */
  static String webSocketRequest(String token) {
    return "GET /live/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
      + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
      + "Authorization: Bearer " + token + "\r\n\r\n";
  }

  /** A WebSocket handshake on GET /live/ws without credentials: the socket waits for its auth message. */
  static StalledReader anonymousWebSocket(int port) throws IOException {
    return new StalledReader(port, webSocketRequest(null).replace("Authorization: Bearer null\r\n", ""));
  }

  /**
   * Sends masked pings of 125 bytes, the most a ping carries, reading none of the pongs, until the
   * server closes the connection or {@code most} bytes went; answers how many bytes went.
   */
  long pingUntilClosed(long most) {
    var ping = new byte[2 + 4 + 125];
    ping[0] = (byte) 0x89; // FIN, ping
    ping[1] = (byte) (0x80 | 125); // masked (the mask is zeros), 125 bytes
    var burst = new byte[ping.length * 1000];
    for (int i = 0; i < 1000; i++) {
      System.arraycopy(ping, 0, burst, i * ping.length, ping.length);
    }
    long sent = 0;
    try {
      socket.setSoTimeout(30_000);
      var out = socket.getOutputStream();
      while (sent < most) {
        out.write(burst);
        sent += burst.length;
      }
    } catch (IOException closedByTheServer) {
      // reset or broken pipe: what the test waits for
    }
    return sent;
  }

  /** Sends the request and resets the connection at once, before the answer can come. */
  static void resetRightAfter(int port, String request) throws IOException {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      socket.setSoLinger(true, 0);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    }
  }

  /**
   * Now reads: everything until the server closes the connection, or until {@code marker} shows,
   * which a client that was cut off never receives (a server that never cut it off keeps sending,
   * heartbeats included, so waiting for the end alone would wait forever).
   */
  String readUntilClosedOr(String marker) throws IOException {
    socket.setSoTimeout(30_000);
    var bytes = new ByteArrayOutputStream();
    var chunk = new byte[8192];
    try {
      var in = socket.getInputStream();
      int n;
      while ((n = in.read(chunk)) >= 0) {
        bytes.write(chunk, 0, n);
        if (bytes.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
          break;
        }
      }
    } catch (SocketException reset) {
      // a connection closed with bytes still queued is reset: it ended all the same
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
