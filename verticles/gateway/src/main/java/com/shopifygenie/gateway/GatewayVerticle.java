package com.shopifygenie.gateway;

import com.shopifygenie.platform.AccessTokens;
import com.shopifygenie.platform.Settings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/** The public HTTP edge: builds the router from the contracts and listens. Nothing else. */
public final class GatewayVerticle extends VerticleBase {

  private final JsonObject settings;
  private HttpServer server;

  public GatewayVerticle(JsonObject settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    var http = Settings.section(settings, "http");
    return AccessTokens.load(vertx, settings, false)
      .compose(tokens -> ApiRouter.create(vertx, settings, tokens))
      .compose(router -> vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
        .requestHandler(router)
        .listen(http.getInteger("port", 5000), http.getString("host", "0.0.0.0")))
      .onSuccess(s -> server = s);
  }

  /** Stops accepting connections and lets in-flight requests finish within the grace period. */
  @Override
  public Future<?> stop() {
    if (server == null) {
      return Future.succeededFuture();
    }
    var grace = Settings.section(settings, "http").getInteger("shutdown_grace_seconds", 10);
    return server.shutdown(grace, TimeUnit.SECONDS);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
