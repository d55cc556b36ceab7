package com.shopifygenie.gateway;

import com.shopifygenie.platform.Problem;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpUtils;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Vert.x's HTTP/1.x request parser, stricter where the edge needs it; installed on every
 * connection before it reads a byte. This is the one place the gateway reaches into Vert.x's
 * internals: the public API sees a request only after Netty has decided its framing and parsed
 * what follows it, so a refusal there comes too late for a request smuggled behind.
 * <ul>
 *   <li>A request whose length is ambiguous (RFC 9112 §6.1, §6.3) fails to parse: Content-Length
 *   with Transfer-Encoding (Netty would drop Content-Length and read chunks, while a proxy in
 *   front may trust Content-Length and see other request boundaries), a Transfer-Encoding that
 *   does not end in chunked, or any Transfer-Encoding in HTTP/1.0. Netty then reads nothing more
 *   from the connection, and the invalid-request handler answers.</li>
 *   <li>A header the parser refuses (a control character in its value, a Content-Length that is
 *   not decimal digits, a Host that is not host[:port]) fails naming the header, so the answer can
 *   name it too.</li>
 *   <li>A request with two Host headers, or an HTTP/1.1 one with none, fails naming Host; one with
 *   two Authorization headers, or a body in a Content-Encoding other than identity, fails naming
 *   that header.</li>
 *   <li>A request in another major version than HTTP/1 fails with a 505 (see {@link #version}).</li>
 *   <li>A body that breaks the chunked coding (RFC 9112 §7.1) is not passed on as a failure:
 *   Vert.x would close the connection at once, in the middle of reading, so that an answer written
 *   then is never flushed. It is handed to {@code bodyUnreadable} once the request before it has
 *   been handled, to be answered before the connection is closed. Netty reads nothing more from
 *   the connection either way.</li>
 * </ul>
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

  private static final Logger LOG = LoggerFactory.getLogger(StrictRequestDecoder.class);
  private static final String DECODER = "httpDecoder";
  /** Headers that are not lists (RFC 9110 §5.3): a second line is not one more value, it contradicts the first. */
  private static final List<String> SINGLE_HEADERS =
    List.of("Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID");

  /** Why a request could not be parsed, as the problem that answers it. */
  static final class Refused extends IllegalArgumentException {
    final Problem problem;

    /** A 400 naming the field and the rule. */
    Refused(String field, String rule, String message) {
      this(Problem.validation(field, rule, message));
    }

    Refused(Problem problem) {
      super(problem.getMessage());
      this.problem = problem;
    }
  }

  private final Context context;
  private final Handler<Throwable> bodyUnreadable;
  /** The version of the request being parsed when it is not one of HTTP/1, else null. */
  private String otherVersion;
  /** A request's head was read and its body not to the end yet. */
  private boolean midBody;

  private StrictRequestDecoder(HttpServerOptions options, Context context, Handler<Throwable> bodyUnreadable) {
    super(options);
    this.context = context;
    this.bodyUnreadable = bodyUnreadable;
  }

  /**
   * Installs the parser, or closes the connection: a request is never read by a laxer one. Called
   * on the connection's context, on which {@code bodyUnreadable} is then told why a body could not
   * be read.
   */
  static void install(HttpConnection connection, HttpServerOptions options, Handler<Throwable> bodyUnreadable) {
    if (!(connection instanceof ConnectionBase base) || base.channel().pipeline().get(DECODER) == null) {
      LOG.error("Cannot install the strict request parser on {}: closing it", connection.getClass().getName());
      connection.close();
      return;
    }
    base.channel().pipeline().replace(DECODER, DECODER,
      new StrictRequestDecoder(options, Vertx.currentContext(), bodyUnreadable));
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
    var before = out.size();
    super.decode(ctx, buffer, out);
    for (int i = before; i < out.size(); i++) {
      // a request that fails to parse is a (full) request too, for the invalid-request handler
      if (out.get(i) instanceof HttpContent content && !(content instanceof HttpMessage)
        && content.decoderResult().isFailure()) {
        var cause = content.decoderResult().cause();
        out.remove(i);
        ReferenceCountUtil.release(content);
        midBody = false;
        // the messages before it reach Vert.x when this returns: the request is handled by then
        context.runOnContext(v -> bodyUnreadable.handle(cause));
        return; // nothing follows a failure: the parser skips every byte after it
      }
      followBody(out.get(i));
    }
  }

  /**
   * The end of the client's input (a half-close, or the connection's close): Netty says nothing of
   * a request line or a body it cut short, so the request would wait for the rest until its
   * deadline. Either is refused at once instead.
   */
  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    var partialLine = !midBody && in.isReadable() && !blank(in);
    var before = out.size();
    super.decodeLast(ctx, in, out);
    for (int i = before; i < out.size(); i++) {
      followBody(out.get(i));
    }
    if (midBody) {
      midBody = false;
      context.runOnContext(v -> bodyUnreadable.handle(new PrematureChannelClosureException("the input ended in the body")));
    } else if (partialLine && out.size() == before) {
      var cut = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
      cut.setDecoderResult(DecoderResult.failure(new Refused("request", "syntax",
        "The client's side of the connection ended inside a request line")));
      out.add(cut);
    }
  }

  private void followBody(Object message) {
    if (message instanceof LastHttpContent) {
      midBody = false;
    } else if (message instanceof HttpMessage) {
      midBody = true;
    }
  }

  private static boolean blank(ByteBuf in) {
    return in.forEachByte(in.readerIndex(), in.readableBytes(), b -> b == ' ' || b == '\r' || b == '\n' || b == '\t') < 0;
  }

  /** Netty asks this once the headers are in, before it decides how to read the body. */
  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage message) {
    // refused once the message exists, so the answer is in HTTP/1.1, not in the version asked for
    if (otherVersion != null) {
      var version = otherVersion;
      otherVersion = null;
      throw new Refused(Problem.of(505, "http-version-not-supported", "HTTP version not supported",
        "This server speaks HTTP/1.1 (and HTTP/1.0), not " + version + " (RFC 9110 §15.6.6)"));
    }
    // RFC 9112 §3.2: exactly one Host in HTTP/1.1, at most one before; a proxy and this server
    // must not each pick another
    var hosts = message.headers().getAll(HttpHeaderNames.HOST).size();
    if (hosts > 1 || hosts == 0 && message.protocolVersion() != HttpVersion.HTTP_1_0) {
      throw new Refused("header.Host", "single", "An HTTP/1.1 request has exactly one Host header (RFC 9112 §3.2)");
    }
    // two credentials, two keys, two media types: a proxy or a log in front may go by the other one
    for (var name : SINGLE_HEADERS) {
      if (message.headers().getAll(name).size() > 1) {
        throw new Refused("header." + name, "single", "A request carries one " + name + " header");
      }
    }
    // a body is read as sent: one said to be compressed would be taken for what it is not
    for (var coding : message.headers().getAll(HttpHeaderNames.CONTENT_ENCODING)) {
      for (var each : coding.split(",")) {
        if (!each.isBlank() && !each.strip().equalsIgnoreCase("identity")) {
          throw new Refused("header.Content-Encoding", "identity",
            "Request bodies are read uncompressed: send them without Content-Encoding (not " + each.strip() + ")");
        }
      }
    }
    List<String> codings = message.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING).stream()
      .flatMap(value -> Arrays.stream(value.split(","))).map(String::trim).filter(c -> !c.isEmpty()).toList();
    if (!codings.isEmpty() && (message.protocolVersion() == HttpVersion.HTTP_1_0
      || message.headers().contains(HttpHeaderNames.CONTENT_LENGTH)
      || !codings.get(codings.size() - 1).toLowerCase(Locale.ROOT).equals("chunked"))) {
      throw new Refused("header.Transfer-Encoding", "framing", "The message length is ambiguous: send Content-Length"
        + " or a Transfer-Encoding ending in chunked, never both, and no Transfer-Encoding in HTTP/1.0 (RFC 9112 §6.1)");
    }
    // Netty undoes chunked only: a body in any other coding (gzip, chunked twice) would be read as
    // if it were not in it
    if (codings.size() > 1) {
      throw new Refused("header.Transfer-Encoding", "chunked", "Request bodies are sent in the chunked coding alone, "
        + "not " + String.join(", ", codings) + " (RFC 9112 §6.1, §7)");
    }
    return super.isContentAlwaysEmpty(message);
  }

  @Override
  protected HttpMessage createMessage(String[] initialLine) {
    // RFC 9112 §3.2: the target is printable ASCII, the rest percent-encoded, and has no fragment
    var target = initialLine[1];
    for (int i = 0; i < target.length(); i++) {
      var c = target.charAt(i);
      if (c <= ' ' || c >= 0x7F || c == '#') {
        throw new Refused("request", "syntax", "The request target is printable ASCII without a fragment (#): "
          + "percent-encode anything else (RFC 9112 §3.2)");
      }
    }
    return new DefaultHttpRequest(version(initialLine[2]), HttpMethod.valueOf(initialLine[0]),
      initialLine[1], HeadersMultiMap.httpHeaders(StrictRequestDecoder::validateHeader));
  }

  /**
   * The version a request is read in: "HTTP/" digit "." digit (RFC 9112 §2.3, the name in
   * capitals). A later minor version of HTTP/1 is read as HTTP/1.1 (RFC 9110 §2.5); another major
   * version is read as HTTP/1.1 too, to be refused once its headers are in. Netty took any
   * "NAME/major.minor" and Vert.x answered what was not exactly HTTP/1.0 or HTTP/1.1 with an empty
   * 501 in the version asked for.
   */
  private HttpVersion version(String text) {
    otherVersion = null;
    if (text.equals("HTTP/1.1")) {
      return HttpVersion.HTTP_1_1;
    }
    if (text.equals("HTTP/1.0")) {
      return HttpVersion.HTTP_1_0;
    }
    if (text.length() != 8 || !text.startsWith("HTTP/") || !Character.isDigit(text.charAt(5)) || text.charAt(6) != '.'
      || !Character.isDigit(text.charAt(7))) {
      throw new Refused("request", "syntax", "The request line ends in the HTTP version, such as HTTP/1.1 (RFC 9112 §2.3)");
    }
    if (text.charAt(5) != '1') {
      otherVersion = text;
    }
    return HttpVersion.HTTP_1_1;
  }

  private static void validateHeader(CharSequence name, CharSequence value) {
    if (name.length() == 0) {
      throw new Refused("request", "syntax", "A header line starts with its name (RFC 9112 §5.1)");
    }
    try {
      HttpUtils.validateHeader(name, value);
    } catch (IllegalArgumentException e) {
      throw new Refused("header." + name, UnsafeText.RULE, "A header may not hold control characters");
    }
    // named here, where the parser would only say that the request is not HTTP
    if (HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name) && !decimal(value)) {
      throw new Refused("header.Content-Length", "integer",
        "Content-Length is the body's length in bytes, in decimal digits (RFC 9110 §8.6)");
    }
    if (HttpHeaderNames.HOST.contentEqualsIgnoreCase(name) && HostAndPort.parseAuthority(value.toString(), -1) == null) {
      throw new Refused("header.Host", "syntax", "Host is the host and optional port of the target (RFC 9110 §7.2)");
    }
  }

  private static boolean decimal(CharSequence value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
