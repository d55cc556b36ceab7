package com.shopifygenie.customers;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.customers.CustomersSystem.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The orders summary, from payment and refund events alone. */
@ExtendWith(VertxExtension.class)
class OrdersSummaryTest {

  static CustomersSystem sys;

  @BeforeAll
  static void start(Vertx vertx) {
    sys = CustomersSystem.start(vertx, Map.of());
  }

  @AfterAll
  static void stop() {
    sys.stop();
  }

  static JsonObject money(long amount, String currency) {
    return new JsonObject().put("amount", amount).put("currency", currency);
  }

  @Test
  void theSummaryAddsUpPaymentsLessRefundsPerCurrency() {
    var customer = UUID.randomUUID();
    var token = sys.customerToken(customer);
    var path = "/customers/" + customer + "/orders-summary";
    assertEquals(new JsonObject().put("customer_id", customer.toString()).put("orders", 0).putNull("first_order_at")
      .putNull("last_order_at").put("totals", new JsonArray()), ok(200, sys.get(path, token)));

    var first = OffsetDateTime.of(2026, 3, 1, 10, 0, 0, 0, ZoneOffset.UTC);
    var last = OffsetDateTime.of(2026, 6, 1, 10, 0, 0, 0, ZoneOffset.UTC);
    var refunded = UUID.randomUUID();
    sys.publish(CustomersSystem.ORDERS, CustomersSystem.at(CustomersSystem.payment(customer, refunded, 10_000, "USD"), first));
    sys.publish(CustomersSystem.ORDERS, CustomersSystem.at(CustomersSystem.payment(customer, UUID.randomUUID(), 2_501, "USD"),
      first.plusDays(10)));
    sys.publish(CustomersSystem.ORDERS, CustomersSystem.at(CustomersSystem.payment(customer, UUID.randomUUID(), 700, "JPY"), last));
    sys.publish(CustomersSystem.ORDERS, CustomersSystem.refund(customer, refunded, 4_000, 10_000, 4_000));

    var summary = ok(200, sys.get(path, sys.staff));
    assertEquals(3, summary.getLong("orders"));
    assertEquals("2026-03-01T10:00:00Z", summary.getString("first_order_at"));
    assertEquals("2026-06-01T10:00:00Z", summary.getString("last_order_at"));
    assertEquals(new JsonArray()
      .add(new JsonObject().put("orders", 1).put("paid", money(700, "JPY")).put("refunded", money(0, "JPY"))
        .put("spent", money(700, "JPY")).put("average_order_value", money(700, "JPY")))
      .add(new JsonObject().put("orders", 2).put("paid", money(12_501, "USD")).put("refunded", money(4_000, "USD"))
        .put("spent", money(8_501, "USD")).put("average_order_value", money(4_250, "USD"))),
      summary.getJsonArray("totals"));
    assertEquals(404, sys.get(path, sys.customerToken(UUID.randomUUID())).status());
  }

  @Test
  void totalsPastTheLargestAmountAreA409NotWrappedAround() {
    var customer = UUID.randomUUID();
    var path = "/customers/" + customer + "/orders-summary";
    // each payment an amount, their sum not: it wrapped around to a negative paid and spent
    for (var i = 0; i < 2; i++) {
      sys.publish(CustomersSystem.ORDERS, CustomersSystem.payment(customer, UUID.randomUUID(), 5_000_000_000_000_000_000L,
        "USD"));
    }
    CustomersSystem.assertProblem(409, "path.customer_id", "amount-limit", sys.get(path, sys.staff));
    CustomersSystem.assertProblem(409, "path.customer_id", "amount-limit", sys.get(path, sys.customerToken(customer)));
    assertEquals(0, sys.count("SELECT count(*) FROM dead_letters WHERE event -> 'data' ->> 'customer_id' = $1",
      customer.toString()));

    // up to the largest amount it is told exactly
    var other = UUID.randomUUID();
    var largest = Long.MAX_VALUE;
    sys.publish(CustomersSystem.ORDERS, CustomersSystem.payment(other, UUID.randomUUID(), largest - 1, "USD"));
    sys.publish(CustomersSystem.ORDERS, CustomersSystem.payment(other, UUID.randomUUID(), 1, "USD"));
    assertEquals(new JsonArray().add(new JsonObject().put("orders", 2).put("paid", money(largest, "USD"))
        .put("refunded", money(0, "USD")).put("spent", money(largest, "USD"))
        .put("average_order_value", money(largest / 2, "USD"))),
      ok(200, sys.get("/customers/" + other + "/orders-summary", sys.staff)).getJsonArray("totals"));
  }
}
