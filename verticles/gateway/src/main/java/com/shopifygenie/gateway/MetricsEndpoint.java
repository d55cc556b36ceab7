package com.shopifygenie.gateway;

import com.shopifygenie.platform.NodeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * GET /metrics: this node's registry in the Prometheus text format (0.0.4), whatever the scraper
 * asks for, since that is the format the contract declares. Written off the event loop: a scrape
 * walks every series.
 */
final class MetricsEndpoint {

  static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String OFF = "# metrics are off: this node's Vert.x was created without them\n";

  private final Vertx vertx;

  MetricsEndpoint(Vertx vertx) {
    this.vertx = vertx;
  }

  Handler<RoutingContext> handler() {
    return ctx -> NodeMetrics.of(vertx)
      .map(registry -> vertx.executeBlocking(() -> scrape(registry), false))
      .orElse(Future.succeededFuture(OFF))
      .onSuccess(text -> ctx.response().putHeader("Content-Type", TEXT_FORMAT).putHeader("Cache-Control", "no-store")
        .end(text))
      .onFailure(ctx::fail);
  }

  private static String scrape(PrometheusMeterRegistry registry) {
    return registry.scrape();
  }
}
