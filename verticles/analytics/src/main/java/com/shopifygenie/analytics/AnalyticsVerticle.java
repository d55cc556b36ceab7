package com.shopifygenie.analytics;

import com.shopifygenie.platform.DomainRuntime;
import com.shopifygenie.platform.Settings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.ZoneId;
import java.util.HashMap;

/** Wires the analytics domain: runtime, stores, the events it consumes, operations. Nothing else. */
public final class AnalyticsVerticle extends VerticleBase {

  private final JsonObject settings;
  private DomainRuntime runtime;

  public AnalyticsVerticle(JsonObject settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    var analytics = Settings.section(settings, "analytics");
    var calendar = new ShopCalendar(ZoneId.of(analytics.getString("time_zone", "UTC")), Clock.systemUTC());
    var currency = analytics.getString("currency", "USD");
    return DomainRuntime.open(vertx, settings, AnalyticsEvents.SOURCE).compose(r -> {
      runtime = r;
      var log = new EventLog();
      var sales = new SalesStore();
      var baskets = new BasketStore();
      var products = new ProductStore();
      var handlers = new AnalyticsEventHandlers(log, sales, baskets, products, new OrderStore(), calendar, currency);
      handlers.register(r.inbox());
      var recommendations = Settings.section(analytics, "recommendations");
      var operations = new HashMap<>(new DashboardOperations(r.pool(), sales, products, calendar, currency).handlers());
      operations.putAll(new TrendOperations(r.pool(), sales, calendar, currency).handlers());
      operations.putAll(new ForecastOperations(vertx, r.pool(), sales, calendar,
        Settings.section(analytics, "forecast").getInteger("history_days", 365)).handlers());
      operations.putAll(new RecommendationOperations(r.pool(), baskets,
        recommendations.getDouble("min_support", 0.01), recommendations.getInteger("limit", 10)).handlers());
      operations.putAll(new ReorderOperations(r.pool(), products, calendar, Settings.section(analytics, "reorder")).handlers());
      var rebuilds = new RebuildOperations(vertx, r.pool(), log, handlers, calendar.zone());
      operations.putAll(rebuilds.handlers());
      // before the inbox applies any event: on an empty log the zone is recorded, not rebuilt into
      return rebuilds.rebuildIfBuiltInAnotherZone().compose(v -> r.serve(operations));
    });
  }

  @Override
  public Future<?> stop() {
    return runtime == null ? Future.succeededFuture() : runtime.close();
  }
}
