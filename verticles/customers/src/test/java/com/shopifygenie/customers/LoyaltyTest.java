package com.shopifygenie.customers;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static com.shopifygenie.customers.CustomersSystem.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Points earned from payments, taken back on refunds, redeemed, and the tiers they give, with
 * payments and refunds published into the transport as the orders domain's relay would.
 */
@ExtendWith(VertxExtension.class)
class LoyaltyTest {

  static CustomersSystem sys;

  @BeforeAll
  static void start(Vertx vertx) {
    sys = CustomersSystem.start(vertx, Map.of("customers.loyalty.points_per_currency_unit", 2,
      "customers.loyalty.tiers.silver", 100, "customers.loyalty.tiers.gold", 300,
      "customers.loyalty.tier_review_interval_ms", 200));
  }

  @AfterAll
  static void stop() {
    sys.stop();
  }

  static JsonObject redemption(long points) {
    return new JsonObject().put("points", points).put("reason", "voucher");
  }

  @Test
  void paymentsEarnAndRefundsTakeBackTheExactPoints() {
    var customer = UUID.randomUUID();
    var token = sys.customerToken(customer);
    var order = UUID.randomUUID();
    sys.paid(customer, order, 12_399);                         // 123 whole dollars: 246 points
    var account = sys.loyalty(customer, token);
    assertEquals(246, account.getLong("balance"));
    assertEquals(246, account.getLong("lifetime_points"));
    var earned = sys.events("loyalty.points_earned", customer);
    assertEquals(1, earned.size());
    earned.get(0).remove("payment_id");
    assertEquals(new JsonObject().put("customer_id", customer.toString()).put("balance", 246)
      .put("order_id", order.toString()).put("points", 246).put("lifetime_points", 246), earned.get(0));

    sys.publish(CustomersSystem.ORDERS, CustomersSystem.refund(customer, order, 6_200, 12_399, 6_200));
    assertEquals(246 - 123, sys.loyalty(customer, token).getLong("balance"));   // 246 * 6200 / 12399 = 123.01
    sys.publish(CustomersSystem.ORDERS, CustomersSystem.refund(customer, order, 6_199, 12_399, 12_399));
    var after = sys.loyalty(customer, token);
    assertEquals(0, after.getLong("balance"));
    assertEquals(0, after.getLong("lifetime_points"));
    var reversed = sys.events("loyalty.points_reversed", customer);
    assertEquals(List.of(123L, 123L), reversed.stream().map(e -> e.getLong("points")).toList());
    assertEquals(List.of("earned", "reversed", "reversed"), after.getJsonObject("ledger").getJsonArray("items").stream()
      .map(e -> ((JsonObject) e).getString("kind")).toList());
    sys.assertLedgerSumsToBalance(customer);
  }

  /** On Kafka a refund (order-events) may overtake its payment (payment-events). */
  @Test
  void aRefundHeardBeforeItsPaymentIsAppliedWhenThePaymentComes() {
    var customer = UUID.randomUUID();
    var order = UUID.randomUUID();
    sys.publish(CustomersSystem.ORDERS, CustomersSystem.refund(customer, order, 6_200, 12_399, 6_200));
    assertEquals(0, sys.count("SELECT count(*) FROM dead_letters"));
    sys.paid(customer, order, 12_399);                                   // 246 earned, 123 due back
    var account = sys.loyalty(customer, sys.staff);
    assertEquals(123, account.getLong("balance"));
    assertEquals(List.of("earned", "reversed"), account.getJsonObject("ledger").getJsonArray("items").stream()
      .map(e -> ((JsonObject) e).getString("kind")).toList());
    var summary = ok(200, sys.get("/customers/" + customer + "/orders-summary", sys.staff));
    assertEquals(6_200, summary.getJsonArray("totals").getJsonObject(0).getJsonObject("refunded").getLong("amount"));
    sys.assertLedgerSumsToBalance(customer);
  }

  @Test
  void aPaymentAnnouncedTwiceEarnsOnce() {
    var customer = UUID.randomUUID();
    var order = UUID.randomUUID();
    var payment = CustomersSystem.payment(customer, order, 5_000, "USD");
    sys.publish(CustomersSystem.ORDERS, payment);
    sys.publish(CustomersSystem.ORDERS, payment);
    sys.publish(CustomersSystem.ORDERS, CustomersSystem.payment(customer, order, 5_000, "USD"));
    assertEquals(100, sys.loyalty(customer, sys.staff).getLong("balance"));
  }

  @Test
  void paymentsPastTheLargestAmountInAllStillEarnTheirPoints() {
    var customer = UUID.randomUUID();
    sys.publish(CustomersSystem.ORDERS, CustomersSystem.payment(customer, UUID.randomUUID(), 5_000_000_000_000_000_000L, "USD"));
    var first = sys.loyalty(customer, sys.staff).getLong("balance");
    assertTrue(first > 0);
    // the two together pass 2^63 - 1 minor units: the score's total wrapped around and the payment was parked
    sys.publish(CustomersSystem.ORDERS, CustomersSystem.payment(customer, UUID.randomUUID(), 5_000_000_000_000_000_000L, "USD"));
    assertEquals(2 * first, sys.loyalty(customer, sys.staff).getLong("balance"));
    assertEquals(0, sys.count("SELECT count(*) FROM dead_letters WHERE event -> 'data' ->> 'customer_id' = $1",
      customer.toString()));
  }

  @Test
  void aRedemptionTakesPointsAndOneBeyondTheBalanceIsAConflict() {
    var customer = UUID.randomUUID();
    var token = sys.customerToken(customer);
    sys.paid(customer, UUID.randomUUID(), 2_500);                         // 50 points
    var path = "/customers/" + customer + "/loyalty/redemptions";
    var key = UUID.randomUUID().toString();
    var redeemed = sys.send(HttpMethod.POST, path, redemption(30), token, Map.of("Idempotency-Key", key));
    assertEquals(20, ok(201, redeemed).getLong("balance"));
    // the retry answers the first redemption and takes nothing more
    var retry = sys.send(HttpMethod.POST, path, redemption(30), token, Map.of("Idempotency-Key", key));
    assertEquals(redeemed.json(), ok(201, retry));
    var refused = sys.send(HttpMethod.POST, path, redemption(21), token);
    assertEquals(409, refused.status(), refused::toString);
    assertEquals("https://shopifygenie.dev/problems/insufficient-points", refused.json().getString("type"));
    assertEquals(0, ok(201, sys.send(HttpMethod.POST, path, redemption(20), token)).getLong("balance"));
    assertEquals(0, sys.loyalty(customer, token).getLong("balance"));
    assertEquals(List.of(30L, 20L), sys.events("loyalty.points_redeemed", customer).stream()
      .map(e -> e.getLong("points")).toList());
    assertEquals(404, sys.send(HttpMethod.POST, "/customers/" + UUID.randomUUID() + "/loyalty/redemptions",
      redemption(1), sys.staff).status());
    sys.assertLedgerSumsToBalance(customer);
  }

  @Test
  void crossingAThresholdChangesTheTierAndSaysSo() {
    var customer = UUID.randomUUID();
    var token = sys.customerToken(customer);
    sys.paid(customer, UUID.randomUUID(), 4_999);                  // 98 points: bronze
    assertEquals("bronze", sys.loyalty(customer, token).getString("tier"));
    var order = UUID.randomUUID();
    sys.paid(customer, order, 100);                                // 100: silver
    assertEquals("silver", sys.loyalty(customer, token).getString("tier"));
    assertEquals("silver", ok(200, sys.get("/customers/" + customer, sys.staff)).getString("tier"));
    sys.paid(customer, UUID.randomUUID(), 10_000);                 // 300: gold
    // a refund of the 100 takes back 2 points: 298, silver again
    sys.publish(CustomersSystem.ORDERS, CustomersSystem.refund(customer, order, 100, 100, 100));
    var account = sys.loyalty(customer, token);
    assertEquals("silver", account.getString("tier"));
    assertEquals(298, account.getLong("points_in_window"));
    assertEquals(List.of("bronze>silver@100", "silver>gold@300", "gold>silver@298"),
      sys.events("customer.tier_changed", customer).stream().map(e -> e.getString("previous_tier") + ">"
        + e.getString("tier") + "@" + e.getLong("points_in_window")).toList());
    var silver = ok(200, sys.get("/customers?tier=silver&limit=100", sys.staff)).getJsonArray("items");
    assertTrue(silver.stream().anyMatch(c -> ((JsonObject) c).getString("id").equals(customer.toString())));
  }

  @Test
  void aRefundOfPointsRedeemedFirstStillTakesTheTierAndTheLifetimePoints() {
    var customer = UUID.randomUUID();
    var token = sys.customerToken(customer);
    var order = UUID.randomUUID();
    sys.paid(customer, order, 15_000);                                   // 300 points: gold
    assertEquals("gold", sys.loyalty(customer, token).getString("tier"));
    ok(201, sys.send(HttpMethod.POST, "/customers/" + customer + "/loyalty/redemptions", redemption(250), token));
    // refunded in full: the 50 left go back, the 250 redeemed cannot, and the order counts for nothing
    sys.publish(CustomersSystem.ORDERS, CustomersSystem.refund(customer, order, 15_000, 15_000, 15_000));
    var account = sys.loyalty(customer, token);
    assertEquals(0, account.getLong("balance"));
    assertEquals(0, account.getLong("lifetime_points"));
    assertEquals(0, account.getLong("points_in_window"));
    assertEquals("bronze", account.getString("tier"));
    var reversed = sys.events("loyalty.points_reversed", customer);
    assertEquals(1, reversed.size());
    assertEquals(List.of(50L, 300L, 0L), List.of(reversed.get(0).getLong("points"), reversed.get(0).getLong("points_due"),
      reversed.get(0).getLong("lifetime_points")));
    assertEquals(List.of("bronze>gold", "gold>bronze"), sys.events("customer.tier_changed", customer).stream()
      .map(e -> e.getString("previous_tier") + ">" + e.getString("tier")).toList());
    var ledger = account.getJsonObject("ledger").getJsonArray("items");
    assertEquals(List.of("earned 300", "redeemed -250", "reversed -50"), ledger.stream().map(e -> (JsonObject) e)
      .map(e -> e.getString("kind") + " " + e.getLong("points")).toList());
    assertTrue(ledger.getJsonObject(2).getString("reason").contains("300 points due"), ledger::encode);
    sys.assertLedgerSumsToBalance(customer);
  }

  /** The ledger says why the lifetime points fell even when the refund found nothing left to take. */
  @Test
  void aRefundOfPointsAllRedeemedIsAReversalOfNothing() {
    var customer = UUID.randomUUID();
    var token = sys.customerToken(customer);
    var order = UUID.randomUUID();
    sys.paid(customer, order, 5_000);                                    // 100 points
    ok(201, sys.send(HttpMethod.POST, "/customers/" + customer + "/loyalty/redemptions", redemption(100), token));
    sys.publish(CustomersSystem.ORDERS, CustomersSystem.refund(customer, order, 5_000, 5_000, 5_000));
    com.shopifygenie.testkit.Eventually.eventually(() ->
      sys.loyalty(customer, token).getLong("lifetime_points") == 0);
    var ledger = sys.loyalty(customer, token).getJsonObject("ledger").getJsonArray("items");
    assertEquals(List.of("earned 100", "redeemed -100", "reversed 0"), ledger.stream().map(e -> (JsonObject) e)
      .map(e -> e.getString("kind") + " " + e.getLong("points")).toList());
    var reversal = ledger.getJsonObject(2);
    assertEquals(order.toString(), reversal.getString("order_id"));
    assertTrue(reversal.getString("refund_id") != null && reversal.getString("reason").contains("held 0"), ledger::encode);
    sys.assertLedgerSumsToBalance(customer);
  }

  @Test
  void pointsOlderThanTheWindowNoLongerHoldTheTier() {
    var customer = UUID.randomUUID();
    sys.paid(customer, UUID.randomUUID(), 15_000);                       // 300 points: gold
    assertEquals("gold", sys.loyalty(customer, sys.staff).getString("tier"));
    // a year and a month pass for these points
    sys.rows("UPDATE paid_orders SET paid_at = paid_at - interval '400 days' WHERE customer_id = $1 RETURNING order_id",
      customer);
    com.shopifygenie.testkit.Eventually.eventually(() ->
      "bronze".equals(sys.loyalty(customer, sys.staff).getString("tier")));
    var account = sys.loyalty(customer, sys.staff);
    assertEquals(300, account.getLong("balance"));
    assertEquals(0, account.getLong("points_in_window"));
    assertEquals(List.of("bronze>gold", "gold>bronze"), sys.events("customer.tier_changed", customer).stream()
      .map(e -> e.getString("previous_tier") + ">" + e.getString("tier")).toList());
  }

  /**
   * Fifty redemptions of random sizes at once on one balance: those that pass never take it below
   * zero, one refused was refused for a good reason (the balance left is below it), and the
   * ledger sums to the balance.
   */
  @Test
  void fiftyConcurrentRedemptionsNeverOverdraw() {
    var seed = System.nanoTime();
    System.out.println("fiftyConcurrentRedemptionsNeverOverdraw seed " + seed);
    var random = new Random(seed);
    var customer = UUID.randomUUID();
    var token = sys.customerToken(customer);
    sys.paid(customer, UUID.randomUUID(), 50_000);                       // 1000 points
    var sizes = new ArrayList<Long>();
    var sent = new ArrayList<Future<com.shopifygenie.testkit.Reply>>();
    for (int i = 0; i < 50; i++) {
      var points = 1L + random.nextInt(60);
      sizes.add(points);
      sent.add(sys.sendAsync(HttpMethod.POST, "/customers/" + customer + "/loyalty/redemptions", redemption(points), token,
        Map.of("Idempotency-Key", UUID.randomUUID().toString())));
    }
    Future.join(sent).await();
    long redeemed = 0;
    long smallestRefused = Long.MAX_VALUE;
    for (int i = 0; i < sent.size(); i++) {
      var reply = sent.get(i).result();
      if (reply.status() == 201) {
        redeemed += sizes.get(i);
      } else {
        assertEquals(409, reply.status(), reply::toString);
        smallestRefused = Math.min(smallestRefused, sizes.get(i));
      }
    }
    var balance = sys.loyalty(customer, token).getLong("balance");
    assertTrue(redeemed <= 1000, "redeemed " + redeemed);
    assertEquals(1000 - redeemed, balance);
    assertTrue(balance < smallestRefused, "a redemption of " + smallestRefused + " was refused with " + balance + " left");
    sys.assertLedgerSumsToBalance(customer);
  }

  @Test
  void aCustomerNeitherSeesNorRedeemsAnothersPoints() {
    var owner = UUID.randomUUID();
    sys.paid(owner, UUID.randomUUID(), 1_000);                           // 20 points
    var other = sys.customerToken(UUID.randomUUID());
    assertEquals(404, sys.get("/customers/" + owner + "/loyalty", other).status());
    assertEquals(404, sys.send(HttpMethod.POST, "/customers/" + owner + "/loyalty/redemptions", redemption(5), other)
      .status());
    assertEquals(20, sys.loyalty(owner, sys.staff).getLong("balance"));
  }
}
