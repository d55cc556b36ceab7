package com.shopifygenie.customers;

import com.shopifygenie.testkit.Eventually;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.customers.CustomersSystem.ok;

/**
 * A new shop's first paying customers get their segments within seconds: before, the boundaries
 * computed at start over no customers scored nobody until the hourly recomputation.
 */
@ExtendWith(VertxExtension.class)
class YoungShopSegmentsTest {

  @Test
  void theFirstPayingCustomersGetSegmentsWithoutWaitingForTheHourlyRecomputation(Vertx vertx) {
    var sys = CustomersSystem.start(vertx, Map.of("customers.segments.recompute_interval_ms", 3_600_000));
    try {
      var customers = payingInDollars(sys, 5);
      awaitSegments(sys, customers);
    } finally {
      sys.stop();
    }
  }

  /**
   * Spend is weighed in the shop's currency alone: 500,000 yen are not 500,000 cents, and a
   * customer paying only in yen spent none of the shop's dollars.
   */
  @Test
  void spendInAnotherCurrencyIsNotWeighedInItsMinorUnits(Vertx vertx) {
    var sys = CustomersSystem.start(vertx, Map.of("customers.segments.recompute_interval_ms", 3_600_000));
    try {
      var customers = payingInDollars(sys, 5);
      var inYen = UUID.randomUUID();
      customers.add(inYen);
      sys.publish(CustomersSystem.ORDERS, CustomersSystem.payment(inYen, UUID.randomUUID(), 500_000L, "JPY"));
      awaitSegments(sys, customers);
      // once the boundaries cover all six: none of them is in yen, and the yen buyer spent nothing in dollars
      Eventually.eventually(Duration.ofSeconds(30), () -> {
        var quintiles = ok(200, sys.get("/segments", sys.staff)).getJsonObject("quintiles");
        var monetary = ok(200, sys.get("/customers/" + inYen, sys.staff)).getJsonObject("rfm").getInteger("monetary");
        return quintiles != null && quintiles.getInteger("customers") == 6 && monetary == 1
          && quintiles.getJsonArray("monetary").stream().allMatch(b -> ((Number) b).longValue() <= 5000);
      });
    } finally {
      sys.stop();
    }
  }

  /** Customers who paid $10, $20, ... once each. */
  private static List<UUID> payingInDollars(CustomersSystem sys, int count) {
    var customers = new ArrayList<UUID>();
    for (int i = 0; i < count; i++) {
      var customer = UUID.randomUUID();
      customers.add(customer);
      sys.publish(CustomersSystem.ORDERS, CustomersSystem.payment(customer, UUID.randomUUID(), 1000L * (i + 1), "USD"));
    }
    return customers;
  }

  private static void awaitSegments(CustomersSystem sys, List<UUID> customers) {
    Eventually.eventually(Duration.ofSeconds(30), () -> customers.stream()
      .allMatch(c -> ok(200, sys.get("/customers/" + c, sys.staff)).getString("segment") != null));
  }
}
