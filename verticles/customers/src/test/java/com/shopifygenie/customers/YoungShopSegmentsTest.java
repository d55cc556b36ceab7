package com.shopifygenie.customers;

import com.shopifygenie.testkit.Eventually;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
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
      var customers = new ArrayList<UUID>();
      for (int i = 0; i < 5; i++) {
        var customer = UUID.randomUUID();
        customers.add(customer);
        sys.publish(CustomersSystem.ORDERS, CustomersSystem.payment(customer, UUID.randomUUID(), 1000L * (i + 1), "USD"));
      }
      Eventually.eventually(Duration.ofSeconds(30), () -> customers.stream()
        .allMatch(c -> ok(200, sys.get("/customers/" + c, sys.staff)).getString("segment") != null));
    } finally {
      sys.stop();
    }
  }
}
