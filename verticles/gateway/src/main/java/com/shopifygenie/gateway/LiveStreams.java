package com.shopifygenie.gateway;

import com.shopifygenie.platform.AccessTokens;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashSet;
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
  private final Set<SseStream> open = new LinkedHashSet<>();
  private MessageConsumer<JsonObject> events;
  private long heartbeats = -1;

  /**
   * @param heartbeatMs how often idle connections get a heartbeat (kept alive through proxies and
   *                    under the server's idle timeout), and their token is checked again
   */
  LiveStreams(Vertx vertx, LiveBuffer recent, AccessTokens tokens, long heartbeatMs) {
    this.vertx = vertx;
    this.recent = recent;
    this.tokens = tokens;
    this.heartbeatMs = heartbeatMs;
  }

  Future<Void> start() {
    events = vertx.eventBus().localConsumer(NodeFeed.ADDRESS, message -> {
      if (recent.add(message.body(), System.currentTimeMillis())) {
        open.forEach(s -> s.offer(message.body()));
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
      var stream = new SseStream(ctx.response(), OperationRoutes.caller(ctx),
        LiveTypes.parse(QueryString.parse(ctx.request().query()).get("types")),
        OperationRoutes.accessToken(ctx, "access_token"));
      open.add(stream);
      ctx.response().closeHandler(v -> open.remove(stream));
      ctx.response().endHandler(v -> open.remove(stream));
      stream.open();
      var lastEventId = ctx.request().getHeader("Last-Event-ID");
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
        open.remove(stream);
        stream.end("the access token expired; reconnect with a fresh one");
      }
    });
  }

  Future<Void> stop() {
    if (heartbeats >= 0) {
      vertx.cancelTimer(heartbeats);
    }
    Set.copyOf(open).forEach(s -> s.end("the server is shutting down"));
    open.clear();
    return events == null ? Future.succeededFuture() : events.unregister();
  }
}
