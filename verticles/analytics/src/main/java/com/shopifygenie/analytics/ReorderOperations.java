package com.shopifygenie.analytics;

import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;

/**
 * GET /analytics/reorder-suggestions: every product with its velocity over the last window_days
 * (today included), days of cover and the quantity to order ({@link Reorder}); fewest days of
 * cover first, products that did not sell last (by sku).
 */
final class ReorderOperations {

  private record Line(JsonObject json, Double cover, String sku) {}

  private static final Comparator<Line> MOST_URGENT_FIRST = Comparator
    .comparing(Line::cover, Comparator.nullsLast(Comparator.naturalOrder()))
    .thenComparing(Line::sku, Comparator.nullsLast(Comparator.naturalOrder()));

  private final Pool pool;
  private final ProductStore products;
  private final ShopCalendar calendar;
  private final int windowDays;
  private final int leadTimeDays;
  private final double z;

  ReorderOperations(Pool pool, ProductStore products, ShopCalendar calendar, JsonObject settings) {
    this.pool = pool;
    this.products = products;
    this.calendar = calendar;
    this.windowDays = settings.getInteger("window_days", 28);
    this.leadTimeDays = settings.getInteger("lead_time_days", 7);
    this.z = settings.getDouble("service_level_z", 1.65);
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of("getReorderSuggestions", this::getReorderSuggestions);
  }

  Future<OperationResponse> getReorderSuggestions(OperationRequest req) {
    return products.withSalesSince(pool, calendar.today().minusDays(windowDays - 1L)).map(rows -> {
      var lines = new ArrayList<Line>();
      for (var r : rows) {
        var available = r.getInteger("available");
        var s = Reorder.suggest(available, r.getLong("units"), r.getDouble("squares"), windowDays, leadTimeDays, z);
        lines.add(new Line(new JsonObject().put("product_id", r.getUUID("product_id").toString())
          .put("sku", r.getString("sku")).put("title", r.getString("title")).put("available", available)
          .put("units_sold", r.getLong("units")).put("velocity", rounded(s.velocity()))
          .put("daily_deviation", rounded(s.dailyDeviation()))
          .put("days_of_cover", s.daysOfCover() == null ? null : rounded(s.daysOfCover()))
          .put("suggested_quantity", s.quantity()), s.daysOfCover(), r.getString("sku")));
      }
      lines.sort(MOST_URGENT_FIRST);
      var items = new JsonArray();
      lines.forEach(l -> items.add(l.json()));
      return OperationResponse.ok(new JsonObject().put("window_days", windowDays).put("lead_time_days", leadTimeDays)
        .put("service_level_z", z).put("products", items));
    });
  }

  private static double rounded(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
