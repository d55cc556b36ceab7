package com.shopifygenie.gateway;

import com.shopifygenie.platform.Problem;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;

/**
 * The server's invalid-request handler: what the parser refused, answered as a problem. The
 * connection is closed, since nothing after bytes that could not be parsed can be trusted to be
 * the start of a request.
 */
final class UnparsedRequests {

  private UnparsedRequests() {}

  static void refuse(HttpServerRequest request) {
    var cause = request.decoderResult().cause();
    Problem problem;
    if (cause instanceof StrictRequestDecoder.Refused refused) {
      problem = refused.problem;
    } else if (cause instanceof TooLongHttpLineException) {
      problem = Problem.of(414, "uri-too-long", "URI too long", "The request line is too long");
    } else if (cause instanceof TooLongHttpHeaderException) {
      problem = Problem.of(431, "header-fields-too-large", "Request header fields too large", "The headers are too large");
    } else if (cause instanceof IllegalArgumentException && String.valueOf(cause.getMessage())
      .startsWith("Multiple Content-Length")) {
      problem = Problem.validation("header.Content-Length", "single", "A request has at most one Content-Length");
    } else if (cause instanceof IllegalArgumentException && String.valueOf(cause.getMessage())
      .startsWith("Content-Length value")) {
      // digits beyond a long: Netty's words for it
      problem = Problem.validation("header.Content-Length", "integer", "Content-Length is too large a number");
    } else {
      problem = Problem.validation("request", "syntax", "The request is not valid HTTP/1.1");
    }
    ProblemResponses.writeAndClose(request, problem);
  }

  /** Why the parser could not read a request's body: its chunks, or its trailer fields. */
  static Problem body(Throwable cause) {
    if (cause instanceof PrematureChannelClosureException) {
      return Problem.validation("body", "incomplete", "The client's side of the connection ended before the body did: "
        + "Content-Length bytes, or chunks up to the last one of size 0 (RFC 9112 §6)");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return Problem.of(431, "header-fields-too-large", "Request header fields too large",
        "The trailer fields are too large");
    }
    return Problem.validation("body", "chunked", "The body breaks the chunked coding: each chunk is its size"
      + " in hex digits, CRLF, that many bytes and CRLF, the last one of size 0 (RFC 9112 §7.1)");
  }
}
