package com.shopifygenie.gateway;

import com.shopifygenie.platform.AccessTokens;
import com.shopifygenie.platform.InvalidSettings;
import com.shopifygenie.platform.PortInUse;
import com.shopifygenie.platform.Replicated;
import com.shopifygenie.platform.Settings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The public HTTP edge: builds the router from the contracts and listens. Nothing else. A node
 * runs one instance per event loop ({@code http.instances}); Vert.x shares the port between
 * their servers and hands each new connection to the next instance in turn.
 */
public final class GatewayVerticle extends VerticleBase implements Replicated {

  private final JsonObject settings;
  private final AtomicLong connections = new AtomicLong();
  private HttpServer server;
  private SlowClients slowClients;
  private NodeFeed feed;
  private LiveStreams live;
  private AccountChanges accountChanges;

  public GatewayVerticle(JsonObject settings) {
    this.settings = settings;
  }

  /** {@code http.instances}, or one per core when it is 0 or absent. */
  @Override
  public int instances() {
    var configured = Settings.section(settings, "http").getInteger("instances", 0);
    if (configured < 0) {
      throw new InvalidSettings("http.instances must be 0 (one per core) or more, not " + configured);
    }
    return configured == 0 ? Runtime.getRuntime().availableProcessors() : configured;
  }

  @Override
  public Future<?> start() {
    var http = Settings.section(settings, "http");
    var idleSeconds = http.getInteger("idle_timeout_seconds", 30);
    var requestSeconds = http.getInteger("request_timeout_seconds", 30);
    slowClients = new SlowClients(vertx, TimeUnit.SECONDS.toMillis(idleSeconds),
      TimeUnit.SECONDS.toMillis(requestSeconds));
    // HTTP/1.1 only in clear text: an h2c connection would bypass the strict request parser.
    // The socket's idle timeout is a backstop for what the deadlines do not watch (a client that
    // stops reading its answer); it comes after both, so an unfinished request still gets its 408.
    // No WebSocket compression: its extension would let any frame carry the reserved bits
    var options = new HttpServerOptions().setCompressionSupported(true).setHttp2ClearTextEnabled(false)
      .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false)
      .setIdleTimeout(idleSeconds + requestSeconds).setIdleTimeoutUnit(TimeUnit.SECONDS);
    feed = new NodeFeed(vertx);
    var feeds = Settings.section(settings, "live");
    var horizonMs = TimeUnit.SECONDS.toMillis(feeds.getInteger("buffer_seconds", 300));
    var recent = new LiveBuffer(feeds.getInteger("buffer_size", 10_000), horizonMs);
    return AccessTokens.load(vertx, settings, false)
      .compose(tokens -> {
        live = new LiveStreams(vertx, recent, tokens,
          LiveLimits.of(vertx, feeds.getInteger("connections_per_user", 5), feeds.getInteger("connections_per_node", 10_000)),
          LiveSettings.from(feeds));
        return live.start()
          .compose(v -> AccountChanges.listen(vertx, tokens)).onSuccess(changes -> accountChanges = changes)
          .compose(v -> feed.start(settings, horizonMs))
          .compose(v -> ApiRouter.create(vertx, settings, tokens, slowClients, live));
      })
      .compose(router -> vertx.createHttpServer(options)
        .connectionHandler(connection -> {
          StrictRequestDecoder.install(connection, options,
            cause -> slowClients.bodyUnreadable(connection, UnparsedRequests.body(cause)));
          HalfClosedClients.install(connection);
          slowClients.connected(connection);
          connections.incrementAndGet();
        })
        .invalidRequestHandler(UnparsedRequests::refuse)
        .requestHandler(router)
        .listen(http.getInteger("port", 5000), http.getString("host", "0.0.0.0")))
      .recover(failed -> Future.failedFuture(PortInUse.is(failed)
        ? new InvalidSettings("http.port " + http.getInteger("port", 5000) + " is in use by another process "
          + "(SHOPIFYGENIE_HTTP_PORT)") : failed))
      .onSuccess(s -> server = s);
  }

  /** Stops accepting connections and lets in-flight requests finish within the grace period. */
  @Override
  public Future<?> stop() {
    // live feeds never finish by themselves: they end first, so the grace period is for requests
    var feeds = (live == null ? Future.succeededFuture() : live.stop().compose(v -> feed.stop()))
      .compose(v -> accountChanges == null ? Future.succeededFuture() : accountChanges.stop());
    var grace = Settings.section(settings, "http").getInteger("shutdown_grace_seconds", 10);
    var stopped = server == null ? feeds : feeds.compose(v -> server.shutdown(grace, TimeUnit.SECONDS));
    return stopped.onComplete(r -> {
      if (slowClients != null) {
        slowClients.stop();
      }
    });
  }

  public int actualPort() {
    return server.actualPort();
  }

  /** Connections this instance's server accepted. */
  public long connectionsAccepted() {
    return connections.get();
  }
}
