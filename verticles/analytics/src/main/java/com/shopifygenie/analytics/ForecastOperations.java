package com.shopifygenie.analytics;

import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * GET /analytics/forecast: the next days' units and revenue (of one product, or of the shop), from
 * the complete days of history (up to yesterday, at most analytics.forecast.history_days of them,
 * from the first sale on). The fit runs off the event loop.
 */
final class ForecastOperations {

  static final int WEEK = 7;

  private final Vertx vertx;
  private final Pool pool;
  private final SalesStore sales;
  private final ShopCalendar calendar;
  private final int historyDays;

  ForecastOperations(Vertx vertx, Pool pool, SalesStore sales, ShopCalendar calendar, int historyDays) {
    this.vertx = vertx;
    this.pool = pool;
    this.sales = sales;
    this.calendar = calendar;
    this.historyDays = historyDays;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of("getForecast", this::getForecast);
  }

  Future<OperationResponse> getForecast(OperationRequest req) {
    var horizon = req.query().getInteger("horizon", 14);
    var product = req.query().getString("product_id");
    var productId = product == null ? null : UUID.fromString(product);
    var yesterday = calendar.today().minusDays(1);
    var earliest = yesterday.minusDays(historyDays - 1L);
    return sales.firstSaleDay(pool, productId).compose(first -> {
      var from = first == null || first.isBefore(earliest) ? earliest : first;
      var days = first == null || from.isAfter(yesterday) ? null : new ShopCalendar.Days(from, yesterday);
      return (days == null ? Future.succeededFuture(Map.<LocalDate, Buckets.Totals>of()) : sales.byDay(pool, days, productId))
        .compose(byDay -> vertx.executeBlocking(() -> answer(days, byDay, horizon, productId), false));
    }).map(OperationResponse::ok);
  }

  private JsonObject answer(ShopCalendar.Days days, Map<LocalDate, Buckets.Totals> byDay, int horizon, UUID productId) {
    var length = days == null ? 0 : (int) days.length();
    var units = new double[length];
    var revenue = new double[length];
    for (var i = 0; i < length; i++) {
      var totals = byDay.getOrDefault(days.from().plusDays(i), Buckets.Totals.ZERO);
      units[i] = totals.units();
      // an estimate, in numbers: a day's revenue past the largest amount is a number like any other
      revenue[i] = totals.revenue().doubleValue();
    }
    var unitFit = Forecasting.forecast(units, WEEK, horizon);
    var revenueFit = Forecasting.forecast(revenue, WEEK, horizon);
    var start = calendar.today();
    var points = new JsonArray();
    for (var h = 0; h < horizon; h++) {
      points.add(new JsonObject().put("day", start.plusDays(h).toString())
        .put("units", point(unitFit.points().get(h))).put("revenue", point(revenueFit.points().get(h))));
    }
    var answer = new JsonObject().put("horizon", horizon).put("history_days", length)
      .put("time_zone", calendar.zone().getId())
      .put("units_model", model(unitFit)).put("revenue_model", model(revenueFit)).put("points", points);
    if (productId != null) {
      answer.put("product_id", productId.toString());
    }
    return answer;
  }

  private static JsonObject model(Forecasting.Fit fit) {
    return new JsonObject().put("model", fit.model().wireName).put("alpha", fit.alpha()).put("beta", fit.beta())
      .put("gamma", fit.gamma()).put("season_days", fit.model() == Forecasting.Model.HOLT_WINTERS_ADDITIVE ? WEEK : null)
      .put("residual_sd", rounded(fit.sigma()));
  }

  private static JsonObject point(Forecasting.Point p) {
    return new JsonObject().put("forecast", rounded(p.mean()))
      .put("lower_80", rounded(p.lower80())).put("upper_80", rounded(p.upper80()))
      .put("lower_95", rounded(p.lower95())).put("upper_95", rounded(p.upper95()));
  }

  /**
   * To two decimals, half up; in a double, as Math.round's long would cap a revenue past 2^63 / 100.
   * Null for what the history cannot tell (NaN).
   */
  private static Double rounded(double value) {
    return Double.isNaN(value) ? null : Math.floor(value * 100 + 0.5) / 100.0;
  }
}
