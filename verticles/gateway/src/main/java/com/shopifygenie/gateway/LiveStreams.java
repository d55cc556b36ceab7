package com.shopifygenie.gateway;

import com.shopifygenie.platform.AccessTokens;
import com.shopifygenie.platform.Caller;
import com.shopifygenie.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The live feeds of one gateway instance, over Server-Sent Events and WebSocket alike: each
 * handed every event the node hears ({@link NodeFeed}), counted against the node's limits,
 * replayed what it missed, and ended when its token expires. Used on the instance's event loop only.
 */
final class LiveStreams {

  private final Vertx vertx;
  private final LiveBuffer recent;
  private final AccessTokens tokens;
  private final LiveLimits limits;
  private final LiveSettings settings;
  private final Set<LiveSubscription> open = new LinkedHashSet<>();
  private MessageConsumer<LiveEvent> events;
  private long heartbeats = -1;

  LiveStreams(Vertx vertx, LiveBuffer recent, AccessTokens tokens, LiveLimits limits, LiveSettings settings) {
    this.vertx = vertx;
    this.recent = recent;
    this.tokens = tokens;
    this.limits = limits;
    this.settings = settings;
  }

  Future<Void> start() {
    events = vertx.eventBus().<LiveEvent>localConsumer(NodeFeed.ADDRESS, message -> {
      if (recent.add(message.body(), System.currentTimeMillis()) && !open.isEmpty()) {
        // a copy: a client that fell behind leaves the set while it is being handed the event
        Set.copyOf(open).forEach(s -> s.offer(message.body()));
      }
    });
    heartbeats = vertx.setPeriodic(settings.heartbeatMs(), id -> Set.copyOf(open).forEach(this::heartbeat));
    return events.completion();
  }

  LiveSettings settings() {
    return settings;
  }

  AccessTokens tokens() {
    return tokens;
  }

  /**
   * Counts a new feed of the caller, or answers why it may not open (429); a feed admitted is
   * then {@link #join joined} and {@link #leave left}, or {@link #withdraw withdrawn}.
   */
  Problem admit(Caller caller) {
    return limits.open(caller.userId());
  }

  /** An admitted feed that never opened (its connection went first). */
  void withdraw(Caller caller) {
    limits.closed(caller.userId());
  }

  /**
   * Starts handing events to an admitted feed. A client that reconnects with the id of the last
   * event it saw first gets what it missed, as fast as it reads it; new events follow it.
   */
  void join(LiveSubscription subscription, String lastEventId) {
    open.add(subscription);
    if (lastEventId != null && !lastEventId.isBlank()) {
      var missed = recent.after(lastEventId.trim(), System.currentTimeMillis());
      if (missed.gap()) {
        subscription.gap(lastEventId.trim());
      }
      subscription.replay(missed.events(), recent.capacity());
    }
  }

  /** The feed ended, by the server or the client; once, whichever comes first. */
  void leave(LiveSubscription subscription) {
    if (open.remove(subscription)) {
      limits.closed(subscription.caller().userId());
    }
  }

  /**
   * GET /live/events: the caller is authenticated and the request validated before.
   */
  Handler<RoutingContext> sse() {
    return ctx -> {
      var caller = OperationRoutes.caller(ctx);
      var refused = admit(caller);
      if (refused != null) {
        ProblemResponses.write(ctx.response(), refused);
        return;
      }
      if (ctx.request().method() == HttpMethod.HEAD) {
        // what a GET would answer, and no feed: a HEAD must end
        withdraw(caller);
        SseStream.head(ctx.response());
        return;
      }
      var query = QueryString.parse(ctx.request().query());
      var stream = new SseStream(ctx.response(), ctx.request().connection());
      var subscription = new LiveSubscription(stream, caller, LiveTypes.parse(query.get("types")),
        OperationRoutes.accessToken(ctx, "access_token"), settings.queueBytes());
      ctx.response().closeHandler(v -> leave(subscription));
      ctx.response().endHandler(v -> leave(subscription));
      LiveChannel.limitSendBuffer(ctx.request().connection(), settings.sendBufferBytes());
      stream.open(settings.queueBytes());
      // a browser opening a new EventSource with a fresh token cannot set the header
      join(subscription, Optional.ofNullable(ctx.request().getHeader("Last-Event-ID")).orElse(query.get("last_event_id")));
    };
  }

  /**
   * A token that expired while connected, or that a change of its user's role or status outdated,
   * ends the feed: the client reconnects with a fresh one.
   */
  private void heartbeat(LiveSubscription subscription) {
    tokens.verify(subscription.token()).onComplete(verified -> {
      if (verified.succeeded()) {
        subscription.heartbeat();
      } else {
        subscription.end(LiveEnding.TOKEN_EXPIRED);
      }
    });
  }

  Future<Void> stop() {
    if (heartbeats >= 0) {
      vertx.cancelTimer(heartbeats);
    }
    Set.copyOf(open).forEach(s -> s.end(LiveEnding.SHUTTING_DOWN));
    return events == null ? Future.succeededFuture() : events.unregister();
  }
}
