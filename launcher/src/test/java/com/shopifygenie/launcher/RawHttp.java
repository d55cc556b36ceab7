package com.shopifygenie.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand over a plain socket, for what no well-behaved client sends: requests
 * that never finish, ambiguous framing, bytes a client library refuses to put in a header.
 */
final class RawHttp implements AutoCloseable {

  /** How long a test waits for the server before it counts the connection as held open. */
  static final int PATIENCE_MS = 30_000;

  private final Socket socket;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();

  RawHttp(int port) {
    try {
      this.socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(PATIENCE_MS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RawHttp send(String text) {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  RawHttp send(byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ends the client's side of the connection (shutdown(SHUT_WR)); it may still read. */
  RawHttp halfClose() {
    try {
      socket.shutdownOutput();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Everything the server sends until it closes the connection; fails when the server keeps the
   * connection open for {@link #PATIENCE_MS}.
   */
  String untilClosed() {
    var buffer = new byte[4096];
    try {
      var in = socket.getInputStream();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        received.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open for " + PATIENCE_MS + " ms after sending: "
        + received.toString(StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      // a reset after the server closed counts as closed
    }
    return received.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * Sends one byte of {@code text} at a time, each after waiting up to {@code paceMs} for the
   * server to close; true when the server closed the connection before the text was complete.
   * What the server sent meanwhile is kept for {@link #untilClosed()}.
   */
  boolean trickle(String text, int paceMs) {
    try {
      socket.setSoTimeout(paceMs);
      var in = socket.getInputStream();
      for (var b : text.getBytes(StandardCharsets.ISO_8859_1)) {
        socket.getOutputStream().write(b);
        socket.getOutputStream().flush();
        try {
          var read = in.read();
          if (read < 0) {
            return true;
          }
          received.write(read);
        } catch (SocketTimeoutException stillOpen) {
          // nothing to read yet: the next byte
        }
      }
      return false;
    } catch (IOException e) {
      return true; // a write to a connection the server closed
    } finally {
      try {
        socket.setSoTimeout(PATIENCE_MS);
      } catch (IOException ignored) {
        // closed already
      }
    }
  }

  /** One response as it arrived. */
  record Response(int status, Map<String, String> headers, String body) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** The responses in what the server sent, each framed by its Content-Length. */
  static List<Response> responses(String received) {
    var responses = new ArrayList<Response>();
    var rest = received;
    while (!rest.isEmpty()) {
      var end = rest.indexOf("\r\n\r\n");
      if (end < 0) {
        throw new AssertionError("an incomplete response: " + rest);
      }
      var lines = rest.substring(0, end).split("\r\n");
      var headers = new HashMap<String, String>();
      for (int i = 1; i < lines.length; i++) {
        var colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
      var length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      var body = rest.substring(end + 4, Math.min(rest.length(), end + 4 + length));
      responses.add(new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, body));
      rest = rest.substring(Math.min(rest.length(), end + 4 + length));
    }
    return responses;
  }

  static List<Integer> statuses(String received) {
    return responses(received).stream().map(Response::status).toList();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }
}
