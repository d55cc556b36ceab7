package com.shopifygenie.customers;

import com.shopifygenie.testkit.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.customers.CustomersSystem.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The customers domain end to end, once per transport (the subclasses): a registration through
 * auth creates the profile; paid orders earn the exact points and a refund takes back the exact
 * share; a redemption works and one beyond the balance is a 409; crossing a threshold changes the
 * tier and emits the event; and after a seeded set of customers and orders, the scores and
 * segments equal the values worked out by hand in {@link #SEED}. Payments and refunds are
 * published into the transport as the orders domain's relay would. Boundaries are recomputed
 * every 200 ms here.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class CustomersFlowTest {

  /**
   * Ten customers: last order so many days ago, orders, amount of each order (minor units); and by
   * hand: the sorted values, their nearest-rank 20/40/60/80th percentiles, and each one's scores.
   * <pre>
   * recency (days ago, newer is better): c0..c9 = 1..10 days; boundaries c8, c6, c4, c2
   *   -> r: c0 5, c1 5, c2 4, c3 4, c4 3, c5 3, c6 2, c7 2, c8 1, c9 1
   * frequency: 5 1 4 4 1 2 3 3 1 2; sorted 1 1 1 2 2 3 3 4 4 5; boundaries 1, 2, 3, 4
   *   -> f: 5 1 4 4 1 2 3 3 1 2
   * monetary: 5000 9000 8000 2000 700 6000 300 4500 200 4000;
   *   sorted 200 300 700 2000 4000 4500 5000 6000 8000 9000; boundaries 300, 2000, 4500, 6000
   *   -> m: 4 5 5 2 2 4 1 3 1 3
   * segments: c0 champions, c1 new, c2 champions, c3 loyal, c4 promising, c5 promising,
   *   c6 at_risk, c7 at_risk, c8 lost, c9 lost
   * </pre>
   */
  static final long[][] SEED = {
    {1, 5, 1000}, {2, 1, 9000}, {3, 4, 2000}, {4, 4, 500}, {5, 1, 700},
    {6, 2, 3000}, {7, 3, 100}, {8, 3, 1500}, {9, 1, 200}, {10, 2, 2000}};
  static final String[] SCORES = {"5 5 4", "5 1 5", "4 4 5", "4 4 2", "3 1 2", "3 2 4", "2 3 1", "2 3 3", "1 1 1", "1 2 3"};
  static final String[] SEGMENTS = {"champions", "new", "champions", "loyal", "promising", "promising", "at_risk",
    "at_risk", "lost", "lost"};

  CustomersSystem sys;

  abstract CustomersSystem newSystem(Vertx vertx, Map<String, Object> settings);

  @BeforeAll
  void start(Vertx vertx) {
    sys = newSystem(vertx, Map.of("customers.segments.recompute_interval_ms", 200,
      "customers.loyalty.tiers.silver", 100, "customers.loyalty.tiers.gold", 300));
  }

  @AfterAll
  void stop() {
    sys.stop();
  }

  /** Seeds the ten customers; their last order that many days before now, the others a month earlier. */
  List<UUID> seed() {
    var now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    var customers = new ArrayList<UUID>();
    for (var row : SEED) {
      var customer = UUID.randomUUID();
      customers.add(customer);
      for (int i = 0; i < row[1]; i++) {
        var when = now.minusDays(row[0] + (i == 0 ? 0 : 30 + i));
        sys.publish(CustomersSystem.ORDERS,
          CustomersSystem.at(CustomersSystem.payment(customer, UUID.randomUUID(), row[2], "USD"), when));
      }
    }
    return customers;
  }

  static List<Long> longs(io.vertx.core.json.JsonArray array) {
    return array.stream().map(n -> ((Number) n).longValue()).toList();
  }

  static String scores(JsonObject customer) {
    var rfm = customer.getJsonObject("rfm");
    return rfm == null ? null : rfm.getInteger("recency") + " " + rfm.getInteger("frequency") + " "
      + rfm.getInteger("monetary");
  }

  /** First, while the seeded customers are all the customers with orders. */
  @Test
  @Order(1)
  void scoresAndSegmentsEqualTheHandComputedOnes() {
    var customers = seed();
    var withoutOrders = sys.customerToken(UUID.randomUUID());
    ok(200, sys.get("/customers/me", withoutOrders));
    // once a recomputation ran after the seed, every score and count is as worked out by hand
    Eventually.eventually(() -> {
      for (int i = 0; i < customers.size(); i++) {
        var profile = ok(200, sys.get("/customers/" + customers.get(i), sys.staff));
        if (!SCORES[i].equals(scores(profile)) || !SEGMENTS[i].equals(profile.getString("segment"))) {
          return false;
        }
      }
      return true;
    });
    var segments = ok(200, sys.get("/segments", sys.staff));
    var counts = new HashMap<String, Long>();
    segments.getJsonArray("segments").forEach(s -> counts.put(((JsonObject) s).getString("name"),
      ((JsonObject) s).getLong("customers")));
    assertEquals(Map.of("champions", 2L, "loyal", 1L, "new", 1L, "at_risk", 2L, "lost", 2L, "promising", 2L,
      "needs_attention", 0L), counts);
    assertEquals(1, segments.getLong("customers_without_scores"));
    var quintiles = segments.getJsonObject("quintiles");
    assertEquals(List.of(1L, 2L, 3L, 4L), longs(quintiles.getJsonArray("frequency")));
    assertEquals(List.of(300L, 2000L, 4500L, 6000L), longs(quintiles.getJsonArray("monetary")));
    assertEquals(10, quintiles.getInteger("customers"));

    var atRisk = ok(200, sys.get("/customers?segment=at_risk", sys.staff)).getJsonArray("items");
    assertEquals(List.of(customers.get(6).toString(), customers.get(7).toString()),
      atRisk.stream().map(c -> ((JsonObject) c).getString("id")).toList());
    assertNull(ok(200, sys.get("/customers/me", withoutOrders)).getString("segment"));
  }

  @Test
  @Order(2)
  void aRegisteredCustomerEarnsLosesRedeemsAndClimbsTiers() {
    var registered = sys.registeredCustomer();
    var id = UUID.fromString(registered.getString("id"));
    var token = registered.getString("token");
    assertEquals(registered.getString("email"), ok(200, sys.get("/customers/me", token)).getString("email"));

    var first = UUID.randomUUID();
    sys.paid(id, first, 12_345);                                        // 123 points
    sys.paid(id, UUID.randomUUID(), 5_000);                             // 50: 173, silver from 100
    var account = sys.loyalty(id, token);
    assertEquals(173, account.getLong("balance"));
    assertEquals("silver", account.getString("tier"));

    sys.publish(CustomersSystem.ORDERS, CustomersSystem.refund(id, first, 6_172, 12_345, 6_172));
    assertEquals(173 - 61, sys.loyalty(id, token).getLong("balance"));  // 123 * 6172 / 12345 = 61.49

    var path = "/customers/" + id + "/loyalty/redemptions";
    assertEquals(12, ok(201, sys.send(HttpMethod.POST, path, new JsonObject().put("points", 100), token)).getLong("balance"));
    var refused = sys.send(HttpMethod.POST, path, new JsonObject().put("points", 13), token);
    assertEquals(409, refused.status(), refused::toString);
    assertEquals(12, sys.loyalty(id, token).getLong("balance"));

    sys.paid(id, UUID.randomUUID(), 20_000);                            // 200: 312 earned net, gold from 300
    var gold = sys.loyalty(id, token);
    assertEquals("gold", gold.getString("tier"));
    assertEquals(312, gold.getLong("points_in_window"));
    assertEquals(212, gold.getLong("balance"));
    assertEquals(List.of("bronze>silver", "silver>gold"), sys.events("customer.tier_changed", id).stream()
      .map(e -> e.getString("previous_tier") + ">" + e.getString("tier")).toList());
    sys.assertLedgerSumsToBalance(id);
    // the relay published what customers emitted
    Eventually.eventually(() -> sys.count("SELECT count(*) FROM outbox WHERE subject = $1 AND published_at IS NULL",
      id.toString()) == 0);
  }
}
