package com.shopifygenie.launcher;

import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sends an HTTP/1.1 request as bytes over a socket, for what HTTP client libraries refuse to
 * send (a NUL in a header value), and reads the answer until the server closes.
 */
final class FuzzSocket {

  record Answer(int status, MultiMap headers, Buffer body) {
    String contentType() {
      return headers.get("Content-Type");
    }
  }

  private FuzzSocket() {}

  static Answer send(Vertx vertx, int port, FuzzRequest request, Map<String, String> headers) throws Exception {
    var body = request.bodyBuffer();
    var head = new StringBuilder(request.method.name()).append(' ').append(request.uri()).append(" HTTP/1.1\r\n")
      .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (body != null) {
      if (request.contentType != null) {
        head.append("Content-Type: ").append(request.contentType).append("\r\n");
      }
      head.append("Content-Length: ").append(body.length()).append("\r\n");
    }
    head.append("\r\n");
    var bytes = Buffer.buffer(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      bytes.appendBuffer(body);
    }
    var client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5_000));
    try {
      var received = client.connect(port, "127.0.0.1").compose(socket -> {
        var all = Buffer.buffer();
        Promise<Buffer> closed = Promise.promise();
        socket.handler(all::appendBuffer);
        socket.closeHandler(v -> closed.tryComplete(all));
        socket.exceptionHandler(closed::tryFail);
        return socket.write(bytes).compose(v -> closed.future());
      }).await(20, TimeUnit.SECONDS);
      return parse(received);
    } finally {
      client.close();
    }
  }

  private static Answer parse(Buffer received) {
    var text = received.toString(StandardCharsets.ISO_8859_1);
    var end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalStateException("no complete HTTP answer: " + text);
    }
    var lines = text.substring(0, end).split("\r\n");
    var status = Integer.parseInt(lines[0].split(" ")[1]);
    var headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 1; i < lines.length; i++) {
      var colon = lines[i].indexOf(':');
      headers.add(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
    }
    var body = received.getBuffer(end + 4, received.length());
    if ("chunked".equalsIgnoreCase(headers.get("Transfer-Encoding"))) {
      body = unchunked(body);
    }
    return new Answer(status, headers, body);
  }

  private static Buffer unchunked(Buffer chunked) {
    var body = Buffer.buffer();
    var text = chunked.toString(StandardCharsets.ISO_8859_1);
    int at = 0;
    while (at < text.length()) {
      var lineEnd = text.indexOf("\r\n", at);
      var size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      body.appendBuffer(chunked.getBuffer(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    return body;
  }
}
