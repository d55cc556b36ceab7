package com.shopifygenie.launcher;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request of the fuzz as parts a mutation can change: path, query and header parameters,
 * the body as JSON (or as raw text), its content type and whether credentials go with it.
 */
final class FuzzRequest {

  /**
   * Stands for a lone surrogate (U+D800) in a value: JSON encoders refuse to write one, so it is
   * written as the JSON escape {@code \ud800} in bodies and as its generalized UTF-8 bytes
   * (ED A0 80, as a careless client encodes it) in URLs.
   */
  static final char LONE_SURROGATE = '\uE000';

  final HttpMethod method;
  final String template;
  final Map<String, String> path = new LinkedHashMap<>();
  final Map<String, String> query = new LinkedHashMap<>();
  final Map<String, String> headers = new LinkedHashMap<>();
  Object body;
  String rawBody;
  String contentType;
  boolean withCredentials = true;

  FuzzRequest(HttpMethod method, String template) {
    this.method = method;
    this.template = template;
  }

  Map<String, String> parameters(String in) {
    return switch (in) {
      case "path" -> path;
      case "query" -> query;
      case "header" -> headers;
      default -> throw new IllegalArgumentException("parameters in " + in + " are not fuzzed");
    };
  }

  String uri() {
    var uri = template;
    for (var param : path.entrySet()) {
      uri = uri.replace("{" + param.getKey() + "}", encode(param.getValue(), ":@"));
    }
    var separator = "?";
    var built = new StringBuilder(uri);
    for (var param : query.entrySet()) {
      built.append(separator).append(encode(param.getKey(), "")).append('=').append(encode(param.getValue(), ""));
      separator = "&";
    }
    return built.toString();
  }

  /** The body as sent, or null for none. */
  Buffer bodyBuffer() {
    if (rawBody != null) {
      return Buffer.buffer(rawBody);
    }
    if (body == null) {
      return null;
    }
    return Buffer.buffer(Json.encode(body).replace(String.valueOf(LONE_SURROGATE), "\\ud800"));
  }

  /** The request as HTTP/1.1 bytes, for {@link RawHttp}; the server is asked to close after answering. */
  byte[] wire(int port, Map<String, String> withHeaders) {
    var body = bodyBuffer();
    var head = new StringBuilder(method.name()).append(' ').append(uri()).append(" HTTP/1.1\r\n")
      .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
    withHeaders.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (body != null) {
      if (contentType != null) {
        head.append("Content-Type: ").append(contentType).append("\r\n");
      }
      head.append("Content-Length: ").append(body.length()).append("\r\n");
    }
    var bytes = Buffer.buffer(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    return (body == null ? bytes : bytes.appendBuffer(body)).getBytes();
  }

  /** A header value that no HTTP client library sends (a NUL), so the request goes out raw. */
  boolean needsRawSocket() {
    return headers.values().stream().anyMatch(v -> v.chars().anyMatch(c -> c < 0x20));
  }

  /** Percent-encodes all but unreserved characters (and those in {@code keep}), as UTF-8. */
  static String encode(String value, String keep) {
    var out = new StringBuilder();
    for (var c : value.toCharArray()) {
      if (c == LONE_SURROGATE) {
        out.append("%ED%A0%80");
      } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0
        || keep.indexOf(c) >= 0) {
        out.append(c);
      } else {
        for (var b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(String.format("%02X", b & 0xFF));
        }
      }
    }
    return out.toString();
  }
}
