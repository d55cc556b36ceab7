package com.shopifygenie.gateway;

import com.shopifygenie.platform.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Slow clients cannot hold connections (slowloris). The server's idle timeout closes a silent
 * connection, but one byte every few seconds keeps it busy forever; so a connection also gets
 * {@code idleMs} to deliver the complete headers of a request, counted from when it opened or
 * its last answer was sent, and a request gets {@code requestMs} from its headers to its last
 * body byte, or it is answered 408 (RFC 9110 §15.5.9) and the connection closed. Once a body has
 * arrived, the answer is bounded by the dispatch timeout instead.
 *
 * <p>One instance per HTTP server, used on its event loop only.
 */
final class SlowClients {

  private final Vertx vertx;
  private final long idleMs;
  private final long requestMs;
  private final Map<HttpConnection, Waiting> connections = new IdentityHashMap<>();

  SlowClients(Vertx vertx, long idleMs, long requestMs) {
    this.vertx = vertx;
    this.idleMs = idleMs;
    this.requestMs = requestMs;
  }

  /** A connection opened: it has until the deadline to send the headers of its first request. */
  void connected(HttpConnection connection) {
    var waiting = new Waiting(connection);
    connections.put(connection, waiting);
    connection.closeHandler(v -> {
      var closed = connections.remove(connection);
      if (closed != null) {
        closed.closed();
      }
    });
    waiting.startWaiting();
  }

  /** The first handler of every request: its headers are in, its body has a deadline of its own. */
  void handle(RoutingContext ctx) {
    var request = ctx.request();
    var waiting = connections.get(request.connection());
    if (waiting != null) {
      waiting.requestStarted();
      ctx.addEndHandler(done -> waiting.requestFinished());
    }
    if (!request.isEnded()) {
      var timer = vertx.setTimer(requestMs, id -> {
        if (!request.isEnded()) {
          ProblemResponses.writeAndClose(request, Problem.of(408, "request-timeout", "Request timeout",
            "The request did not arrive within " + requestMs / 1000 + " s"));
        }
      });
      ctx.addEndHandler(done -> vertx.cancelTimer(timer));
    }
    ctx.next();
  }

  /** A connection between requests, waiting for the headers of the next one. */
  private final class Waiting {
    private final HttpConnection connection;
    private int inFlight;
    private long timer = -1;
    private boolean closed;

    Waiting(HttpConnection connection) {
      this.connection = connection;
    }

    void requestStarted() {
      inFlight++;
      stopWaiting();
    }

    /** Pipelined requests are answered in turn: the wait starts once none is left. */
    void requestFinished() {
      inFlight--;
      if (inFlight == 0) {
        startWaiting();
      }
    }

    void startWaiting() {
      if (!closed) {
        timer = vertx.setTimer(idleMs, id -> connection.close());
      }
    }

    void closed() {
      closed = true;
      stopWaiting();
    }

    void stopWaiting() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }
}
