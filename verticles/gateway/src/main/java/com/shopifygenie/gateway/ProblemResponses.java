package com.shopifygenie.gateway;

import com.shopifygenie.platform.Problem;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway's one failure handler: whatever failed, the client gets a problem+json body. */
final class ProblemResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);

  private final long bodyLimit;

  ProblemResponses(long bodyLimit) {
    this.bodyLimit = bodyLimit;
  }

  void handle(RoutingContext ctx) {
    write(ctx.response(), toProblem(ctx));
  }

  private Problem toProblem(RoutingContext ctx) {
    var failure = ctx.failure();
    if (failure instanceof Problem p) {
      return p;
    }
    var status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    return switch (status) {
      case 400 -> Problem.validation("body", "syntax", "The request is malformed");
      case 401 -> Problem.unauthorized("Authentication is required");
      case 403 -> Problem.forbidden("Not allowed");
      case 404 -> Problem.noRoute(ctx.request().path());
      case 405 -> Problem.methodNotAllowed(ctx.request().method().name(), ctx.request().path());
      case 413 -> Problem.tooLarge(bodyLimit);
      // the body handler meets only Expect: 100-continue (RFC 9110 §10.1.1)
      case 417 -> Problem.of(417, "expectation-failed", "Expectation failed",
        "The header Expect may only be 100-continue");
      default -> {
        if (failure != null) {
          LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
        }
        yield Problem.internal();
      }
    };
  }

  /**
   * Answers and closes the connection: for a request whose bytes cannot be trusted any more
   * (unparsable, unfinished body), so nothing after them is read as a request.
   */
  static void writeAndClose(HttpServerRequest request, Problem problem) {
    var response = request.response();
    if (response.ended() || response.closed() || response.headWritten()) {
      request.connection().close();
      return;
    }
    problem.headers().forEach(h -> response.putHeader(h.getKey(), String.valueOf(h.getValue())));
    response.setStatusCode(problem.status())
      .putHeader("Content-Type", Problem.CONTENT_TYPE)
      .putHeader("Connection", "close")
      .end(problem.toJson().toBuffer())
      .onComplete(done -> request.connection().close());
  }

  static void write(HttpServerResponse response, Problem problem) {
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    problem.headers().forEach(h -> response.putHeader(h.getKey(), String.valueOf(h.getValue())));
    response.setStatusCode(problem.status())
      .putHeader("Content-Type", Problem.CONTENT_TYPE)
      .end(problem.toJson().toBuffer());
  }
}
