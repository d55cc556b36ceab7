package com.shopifygenie.customers;

import com.shopifygenie.platform.AmountLimit;
import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.function.Function;

/**
 * GET /customers/{id}/orders-summary, from the payments and refunds this domain heard of (it never
 * calls orders): paid orders, when the first and last were paid, and per currency what was paid,
 * refunded, spent (paid less refunded) and spent per order on average (rounded down).
 */
final class OrdersSummaryOperations {

  private final Pool pool;
  private final CustomerAccess access;

  OrdersSummaryOperations(Pool pool, CustomerAccess access) {
    this.pool = pool;
    this.access = access;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of("getOrdersSummary", this::getOrdersSummary);
  }

  Future<OperationResponse> getOrdersSummary(OperationRequest req) {
    // paid, refunded and spent report money, which a capped total would misstate: summed exactly
    // (sum() of bigints is a numeric), and past the largest amount the summary is a 409
    return access.reach(req.caller(), ProfileOperations.customerId(req)).compose(id -> AmountLimit.told(pool.preparedQuery(
        "SELECT currency, count(*) AS orders, sum(paid_amount) AS paid, sum(refunded_amount) AS refunded, "
          + "min(paid_at) AS first_order_at, max(paid_at) AS last_order_at "
          + "FROM paid_orders WHERE customer_id = $1 GROUP BY currency ORDER BY currency")
      .execute(Tuple.of(id))
      .map(rows -> {
        var totals = new JsonArray();
        long orders = 0;
        OffsetDateTime first = null;
        OffsetDateTime last = null;
        for (var row : rows) {
          var currency = row.getString("currency");
          var count = row.getLong("orders");
          var paid = row.getBigDecimal("paid");
          var spent = paid.subtract(row.getBigDecimal("refunded").min(paid));
          totals.add(new JsonObject().put("orders", count).put("paid", money(paid, currency))
            .put("refunded", money(paid.subtract(spent), currency)).put("spent", money(spent, currency))
            .put("average_order_value", money(spent.divide(BigDecimal.valueOf(count), RoundingMode.DOWN), currency)));
          orders += count;
          first = first == null || row.getOffsetDateTime("first_order_at").isBefore(first)
            ? row.getOffsetDateTime("first_order_at") : first;
          last = last == null || row.getOffsetDateTime("last_order_at").isAfter(last)
            ? row.getOffsetDateTime("last_order_at") : last;
        }
        return OperationResponse.ok(new JsonObject().put("customer_id", id.toString()).put("orders", orders)
          .put("first_order_at", Times.format(first)).put("last_order_at", Times.format(last)).put("totals", totals));
      }), "path.customer_id", ""));
  }

  /** A total as an amount; past the largest one (2^63 - 1 minor units) an ArithmeticException. */
  private static JsonObject money(BigDecimal amount, String currency) {
    return new JsonObject().put("amount", amount.longValueExact()).put("currency", currency);
  }
}
