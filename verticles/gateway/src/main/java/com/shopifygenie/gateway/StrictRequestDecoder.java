package com.shopifygenie.gateway;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpUtils;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Vert.x's HTTP/1.x request parser, stricter where the edge needs it; installed on every
 * connection before it reads a byte. This is the one place the gateway reaches into Vert.x's
 * internals: the public API sees a request only after Netty has already decided its framing.
 * <ul>
 *   <li>Content-Length with Transfer-Encoding (RFC 9112 §6.1): Netty drops Content-Length and
 *   reads the body as chunked, so a proxy in front that trusts Content-Length would see other
 *   request boundaries (request smuggling). Here the request fails to parse: it reaches the
 *   invalid-request handler, and Netty reads nothing more from the connection.</li>
 *   <li>A header the parser refuses (a control character in its value) fails naming the header,
 *   so the answer can name it too.</li>
 * </ul>
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

  private static final String DECODER = "httpDecoder";

  /** Why a request could not be parsed, with the field and the rule a problem names. */
  static final class Refused extends IllegalArgumentException {
    final String field;
    final String rule;

    Refused(String field, String rule, String message) {
      super(message);
      this.field = field;
      this.rule = rule;
    }
  }

  private StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  static void install(HttpConnection connection, HttpServerOptions options) {
    if (!(connection instanceof ConnectionBase base) || base.channel().pipeline().get(DECODER) == null) {
      throw new IllegalStateException("not an HTTP/1.x connection of Vert.x 5.0: " + connection.getClass());
    }
    base.channel().pipeline().replace(DECODER, DECODER, new StrictRequestDecoder(options));
  }

  static Refused ambiguousLength() {
    return new Refused("header.Transfer-Encoding", "framing", "The message length is ambiguous: send Content-Length"
      + " or Transfer-Encoding ending in chunked, never both (RFC 9112 §6.1)");
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    throw ambiguousLength();
  }

  @Override
  protected HttpMessage createMessage(String[] initialLine) {
    return new DefaultHttpRequest(HttpVersion.valueOf(initialLine[2]), HttpMethod.valueOf(initialLine[0]),
      initialLine[1], HeadersMultiMap.httpHeaders(StrictRequestDecoder::validateHeader));
  }

  private static void validateHeader(CharSequence name, CharSequence value) {
    try {
      HttpUtils.validateHeader(name, value);
    } catch (IllegalArgumentException e) {
      throw new Refused("header." + name, UnsafeText.RULE, "A header may not hold control characters");
    }
  }
}
