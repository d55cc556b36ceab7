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
    return new StalledReader(port, "GET /live/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
      + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
      + "Authorization: Bearer " + token + "\r\n\r\n");
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
