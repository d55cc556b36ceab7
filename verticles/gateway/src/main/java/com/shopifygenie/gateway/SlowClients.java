package com.shopifygenie.gateway;

import com.shopifygenie.platform.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Slow clients cannot hold connections (slowloris). The server's idle timeout closes a silent
 * connection, but one byte every few seconds keeps it busy forever; so a connection also gets
 * {@code idleMs} to deliver the complete headers of a request, counted from when it opened or
 * its last answer was sent, and a request gets {@code requestMs} from its headers to its last
 * body byte, or it is answered 408 (RFC 9110 §15.5.9) and the connection closed. Once a body has
 * arrived, the answer is bounded by the dispatch timeout instead.
 *
 * <p>The deadlines are checked by one sweep a few times per deadline rather than by a timer per
 * connection and request: arming and cancelling two timers took about 3 % of the gateway's CPU
 * under GET load, the sweep a few comparisons. A deadline is thus kept within a quarter of
 * itself (at most a second).
 *
 * <p>Knowing which request of a connection is reading its body, it also answers one whose body
 * the parser could not read ({@link #bodyUnreadable}), as it answers one whose body is late.
 *
 * <p>One instance per HTTP server, created and used on its event loop only.
 */
final class SlowClients {

  private final Vertx vertx;
  private final long idleNanos;
  private final long requestMs;
  private final long requestNanos;
  private final Map<HttpConnection, Waiting> connections = new IdentityHashMap<>();
  private final long sweeper;

  SlowClients(Vertx vertx, long idleMs, long requestMs) {
    this.vertx = vertx;
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMs);
    this.requestMs = requestMs;
    this.requestNanos = TimeUnit.MILLISECONDS.toNanos(requestMs);
    var every = Math.max(10, Math.min(1000, Math.min(idleMs, requestMs) / 4));
    this.sweeper = vertx.setPeriodic(every, id -> sweep());
  }

  /** A connection opened: it has until the deadline to send the headers of its first request. */
  void connected(HttpConnection connection) {
    var waiting = new Waiting(connection);
    connections.put(connection, waiting);
    connection.closeHandler(v -> connections.remove(connection));
  }

  /** The first handler of every request: its headers are in, its body has a deadline of its own. */
  void handle(RoutingContext ctx) {
    var request = ctx.request();
    var waiting = connections.get(request.connection());
    if (waiting == null) {
      connected(request.connection());
      waiting = connections.get(request.connection());
    }
    var started = waiting;
    started.requestStarted(request);
    ctx.addEndHandler(done -> started.requestFinished(request));
    var unreadable = started.unreadable;
    if (unreadable != null) {
      started.unreadable = null;
      started.reading = null;
      ProblemResponses.writeAndClose(request, unreadable);
      return;
    }
    ctx.next();
  }

  /**
   * The body of the connection's current request cannot be read (the parser refused its chunks):
   * the request is answered with the problem and the connection closed. A request not handled yet
   * (pipelined behind an answer still going out) is answered so as soon as it is; a request that
   * was answered already leaves nothing to say, and its connection is closed.
   */
  void bodyUnreadable(HttpConnection connection, Problem problem) {
    var waiting = connections.get(connection);
    if (waiting != null) {
      waiting.bodyUnreadable(problem);
    }
  }

  void stop() {
    vertx.cancelTimer(sweeper);
  }

  private void sweep() {
    var now = System.nanoTime();
    var late = new ArrayList<Runnable>();
    connections.values().forEach(waiting -> waiting.lateAt(now, late));
    late.forEach(Runnable::run); // after the loop: closing a connection removes it from the map
  }

  /** A connection's deadlines: for the headers of its next request, or for the body of the current one. */
  private final class Waiting {
    private final HttpConnection connection;
    private int inFlight;
    private long idleSince = System.nanoTime();
    private HttpServerRequest reading;
    private long readingSince;
    /** Why the body of a request not handled yet cannot be read. */
    private Problem unreadable;

    Waiting(HttpConnection connection) {
      this.connection = connection;
    }

    void requestStarted(HttpServerRequest request) {
      inFlight++;
      if (!request.isEnded()) {
        reading = request;
        readingSince = System.nanoTime();
      }
    }

    /** Pipelined requests are answered in turn: the wait starts once none is left. */
    void requestFinished(HttpServerRequest request) {
      if (reading == request) {
        reading = null;
      }
      if (--inFlight == 0) {
        idleSince = System.nanoTime();
      }
    }

    void bodyUnreadable(Problem problem) {
      // the request whose body was being read, not one whose body is in and whose answer is not out yet
      if (reading != null && !reading.isEnded()) {
        var request = reading;
        reading = null;
        ProblemResponses.writeAndClose(request, problem);
      } else if (inFlight == 0) {
        connection.close();
      } else {
        unreadable = problem;
      }
    }

    void lateAt(long now, ArrayList<Runnable> late) {
      if (inFlight == 0 && now - idleSince >= idleNanos) {
        late.add(connection::close);
      } else if (reading != null && now - readingSince >= requestNanos) {
        var request = reading;
        reading = null;
        if (!request.isEnded()) {
          late.add(() -> ProblemResponses.writeAndClose(request, Problem.of(408, "request-timeout", "Request timeout",
            "The request did not arrive within " + requestMs / 1000 + " s")));
        }
      }
    }
  }
}
