package com.shopifygenie.gateway;

import com.shopifygenie.platform.AccessTokens;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The live feeds of one gateway instance: its open SSE streams, each handed every event the node
 * hears ({@link NodeFeed}). Used on the instance's event loop only.
 */
final class LiveStreams {

  private final Vertx vertx;
  private final LiveBuffer recent;
  private final AccessTokens tokens;
  private final long heartbeatMs;
  private final LiveLimits limits;
  private final int queueBytes;
  private final Set<SseStream> open = new LinkedHashSet<>();
  private MessageConsumer<JsonObject> events;
  private long heartbeats = -1;

  /**
   * @param heartbeatMs how often idle connections get a heartbeat (kept alive through proxies and
   *                    under the server's idle timeout), and their token is checked again
   * @param queueBytes  how many bytes may wait for one client before it is cut off
   */
  LiveStreams(Vertx vertx, LiveBuffer recent, AccessTokens tokens, long heartbeatMs, LiveLimits limits,
      int queueBytes) {
    this.vertx = vertx;
    this.recent = recent;
    this.tokens = tokens;
    this.heartbeatMs = heartbeatMs;
    this.limits = limits;
    this.queueBytes = queueBytes;
  }

  Future<Void> start() {
    events = vertx.eventBus().localConsumer(NodeFeed.ADDRESS, message -> {
      if (recent.add(message.body(), System.currentTimeMillis())) {
        // a copy: a client that fell behind leaves the set while it is being handed the event
        Set.copyOf(open).forEach(s -> s.offer(message.body()));
      }
    });
    heartbeats = vertx.setPeriodic(heartbeatMs, id -> Set.copyOf(open).forEach(this::heartbeat));
    return events.completion();
  }

  /**
   * GET /live/events: the caller is authenticated and the request validated before. A client
   * that reconnects with Last-Event-ID first gets what it missed; on this event loop no new event
   * can come between the replay and the live events.
   */
  Handler<RoutingContext> sse() {
    return ctx -> {
      var caller = OperationRoutes.caller(ctx);
      var refused = limits.open(caller.userId());
      if (refused != null) {
        ProblemResponses.write(ctx.response(), refused);
        return;
      }
      var query = QueryString.parse(ctx.request().query());
      var stream = new SseStream(ctx.response(), ctx.request().connection(), caller, LiveTypes.parse(query.get("types")),
        OperationRoutes.accessToken(ctx, "access_token"), queueBytes);
      open.add(stream);
      // whichever comes first, once: the feed ended by the server or the connection closed
      Handler<Void> gone = v -> {
        if (open.remove(stream)) {
          limits.closed(caller.userId());
        }
      };
      ctx.response().closeHandler(gone);
      ctx.response().endHandler(gone);
      stream.open();
      // a browser opening a new EventSource with a fresh token cannot set the header
      var lastEventId = Optional.ofNullable(ctx.request().getHeader("Last-Event-ID")).orElse(query.get("last_event_id"));
      if (lastEventId != null && !lastEventId.isBlank()) {
        var missed = recent.after(lastEventId.trim(), System.currentTimeMillis());
        if (missed.gap()) {
          stream.gap(lastEventId.trim());
        }
        missed.events().forEach(stream::offer);
      }
    };
  }

  /** A token that expired while connected ends the stream: the client reconnects with a fresh one. */
  private void heartbeat(SseStream stream) {
    tokens.verify(stream.token()).onComplete(verified -> {
      if (verified.succeeded()) {
        stream.heartbeat();
      } else {
        stream.end("the access token expired; reconnect with a fresh one");
      }
    });
  }

  Future<Void> stop() {
    if (heartbeats >= 0) {
      vertx.cancelTimer(heartbeats);
    }
    Set.copyOf(open).forEach(s -> s.end("the server is shutting down"));
    return events == null ? Future.succeededFuture() : events.unregister();
  }
}
