package com.shopifygenie.analytics;

import com.shopifygenie.platform.AmountLimit;
import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** GET /analytics/sales-trends: revenue, orders and units by day, week or month, gaps as zeros. */
final class TrendOperations {

  /** About ten years of days: a longer series is refused rather than built. */
  static final int MAX_DAYS = 3660;

  private final Pool pool;
  private final SalesStore sales;
  private final ShopCalendar calendar;
  private final String currency;

  TrendOperations(Pool pool, SalesStore sales, ShopCalendar calendar, String currency) {
    this.pool = pool;
    this.sales = sales;
    this.calendar = calendar;
    this.currency = currency;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of("getSalesTrends", this::getSalesTrends);
  }

  Future<OperationResponse> getSalesTrends(OperationRequest req) {
    var from = day(req, "from");
    var to = day(req, "to");
    if (to.isBefore(from)) {
      throw Problem.validation("query.to", "not-before-from", "to must be on or after from");
    }
    if (to.toEpochDay() - from.toEpochDay() + 1 > MAX_DAYS) {
      throw Problem.validation("query.to", "max-range", "a trend covers at most " + MAX_DAYS + " days");
    }
    var interval = req.query().getString("interval", "day");
    var product = req.query().getString("product_id");
    var productId = product == null ? null : UUID.fromString(product);
    // a bucket's revenue reports money: past the largest amount the trend is a 409 naming the
    // interval (a shorter bucket may fit), not a total capped or wrapped around
    return AmountLimit.told(sales.byDay(pool, new ShopCalendar.Days(from, to), productId).map(byDay -> {
      var points = new JsonArray();
      for (var bucket : Buckets.series(from, to, interval, byDay)) {
        points.add(new JsonObject().put("start", bucket.start().toString())
          .put("revenue", bucket.totals().revenue().longValueExact())
          .put("orders", bucket.totals().orders()).put("units", bucket.totals().units()));
      }
      var answer = new JsonObject().put("from", from.toString()).put("to", to.toString()).put("interval", interval)
        .put("time_zone", calendar.zone().getId()).put("currency", currency).put("points", points);
      if (productId != null) {
        answer.put("product_id", productId.toString());
      }
      return OperationResponse.ok(answer);
    }), "query.interval", "a shorter interval, or a range without the days that pass it");
  }

  static LocalDate day(OperationRequest req, String name) {
    try {
      return LocalDate.parse(req.query().getString(name));
    } catch (DateTimeParseException | NullPointerException e) {
      throw Problem.validation("query." + name, "format", name + " must be a date such as 2025-01-31");
    }
  }
}
