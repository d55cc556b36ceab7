package com.shopifygenie.gateway;

import com.shopifygenie.platform.Problem;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Requests whose bytes cannot be trusted: those the parser refused, and those whose length is
 * ambiguous (RFC 9112 §6.1, §6.3). Each is answered 400 problem+json and its connection closed,
 * so nothing sent behind it is read as a request.
 */
final class RequestFraming {

  private RequestFraming() {}

  /**
   * A Transfer-Encoding makes the length ambiguous unless it ends in chunked, comes without
   * Content-Length and in HTTP/1.1 (an HTTP/1.0 recipient may not know it).
   */
  static Optional<Problem> refusal(HttpServerRequest request) {
    List<String> codings = request.headers().getAll("Transfer-Encoding").stream()
      .flatMap(value -> Arrays.stream(value.split(","))).map(String::trim).filter(c -> !c.isEmpty()).toList();
    if (codings.isEmpty()) {
      return Optional.empty();
    }
    var chunkedLast = codings.get(codings.size() - 1).toLowerCase(Locale.ROOT).equals("chunked");
    if (request.version() == HttpVersion.HTTP_1_0 || request.headers().contains("Content-Length") || !chunkedLast) {
      return Optional.of(problem(StrictRequestDecoder.ambiguousLength()));
    }
    return Optional.empty();
  }

  /** The server's invalid-request handler: what the parser refused, as a problem. */
  static void refuseUnparsed(HttpServerRequest request) {
    var cause = request.decoderResult().cause();
    Problem problem;
    if (cause instanceof StrictRequestDecoder.Refused refused) {
      problem = problem(refused);
    } else if (cause instanceof TooLongHttpLineException) {
      problem = Problem.of(414, "uri-too-long", "URI too long", "The request line is too long");
    } else if (cause instanceof TooLongHttpHeaderException) {
      problem = Problem.of(431, "header-fields-too-large", "Request header fields too large", "The headers are too large");
    } else {
      problem = Problem.validation("request", "syntax", "The request is not valid HTTP/1.1");
    }
    ProblemResponses.writeAndClose(request, problem);
  }

  private static Problem problem(StrictRequestDecoder.Refused refused) {
    return Problem.validation(refused.field, refused.rule, refused.getMessage());
  }
}
