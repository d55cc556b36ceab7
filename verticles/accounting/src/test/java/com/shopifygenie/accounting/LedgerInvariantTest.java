package com.shopifygenie.accounting;

import com.shopifygenie.platform.DomainEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static com.shopifygenie.accounting.AccountingSystem.line;
import static com.shopifygenie.accounting.AccountingSystem.orderRefunded;
import static com.shopifygenie.accounting.AccountingSystem.orderShipped;
import static com.shopifygenie.accounting.AccountingSystem.paymentProcessed;
import static com.shopifygenie.accounting.AccountingSystem.refundLine;
import static com.shopifygenie.accounting.AccountingSystem.returned;
import static com.shopifygenie.accounting.AccountingSystem.sold;
import static com.shopifygenie.accounting.AccountingSystem.stockRevalued;
import static com.shopifygenie.accounting.AccountingSystem.stockAdjusted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger's invariants after a seeded random run of a few hundred orders (paid or not,
 * shipped in parts, refunded with and without restock) among stock receipts and damages, every
 * event delivered once or twice, all of them shuffled across aggregates and applied concurrently:
 * the trial balance is zero, every paid order has exactly one revenue posting, and inventory's
 * balance is the sum over products of on hand x unit cost (each product's cost constant here).
 */
@ExtendWith(VertxExtension.class)
class LedgerInvariantTest {

  static AccountingSystem accounting;

  @BeforeAll
  static void start(Vertx vertx) {
    accounting = AccountingSystem.start(vertx);
  }

  @AfterAll
  static void stop() {
    accounting.stop();
  }

  @Test
  void theBooksBalanceAndInventoryIsWorthItsUnitsAfterARandomRunDeliveredTwiceAndOutOfOrder() {
    var seed = Long.getLong("accounting.seed", System.nanoTime());
    System.out.println("ledger invariant seed=" + seed + " (replay with -Daccounting.seed=" + seed + ")");
    var random = new Random(seed);
    var cost = new LinkedHashMap<UUID, Long>();
    var onHand = new HashMap<UUID, Integer>();
    var events = new ArrayList<DomainEvent>();
    // each product's first receipt, delivered before the rest (which then arrive in any order)
    var first = new ArrayList<DomainEvent>();
    for (int p = 0; p < 6; p++) {
      var product = UUID.randomUUID();
      cost.put(product, 100L + random.nextInt(2_000));
      onHand.put(product, 1_000);
      first.add(stockAdjusted(product, "received", 1_000, cost.get(product), 1_000));
    }
    var products = new ArrayList<>(cost.keySet());
    var paidOrders = new HashSet<UUID>();
    long paid = 0;
    long refunded = 0;
    for (int i = 0; i < 300; i++) {
      var product = products.get(random.nextInt(products.size()));
      if (random.nextInt(10) == 0) {
        var units = 1 + random.nextInt(50);
        onHand.merge(product, units, Integer::sum);
        events.add(stockAdjusted(product, "received", units, cost.get(product), onHand.get(product)));
        continue;
      }
      if (random.nextInt(15) == 0 && onHand.get(product) > 0) {
        // a new unit cost: what is on hand is worth that from now on, and later movements move at it
        var newCost = 100L + random.nextInt(2_000);
        events.add(stockRevalued(product, onHand.get(product), cost.get(product), newCost));
        cost.put(product, newCost);
        continue;
      }
      if (random.nextInt(20) == 0 && onHand.get(product) > 0) {
        var units = 1 + random.nextInt(Math.min(5, onHand.get(product)));
        onHand.merge(product, -units, Integer::sum);
        events.add(stockAdjusted(product, "damaged", -units, cost.get(product), onHand.get(product)));
        continue;
      }
      var orderId = UUID.randomUUID();
      var ordered = new LinkedHashMap<UUID, Integer>();
      for (int l = 0; l < 1 + random.nextInt(3); l++) {
        ordered.merge(products.get(random.nextInt(products.size())), 1 + random.nextInt(4), Integer::sum);
      }
      if (random.nextInt(4) == 0) {
        continue; // declined, or never paid: nothing reaches the books
      }
      var prices = new HashMap<UUID, Long>();
      ordered.keySet().forEach(p -> prices.put(p, cost.get(p) + 1 + random.nextInt(3_000)));
      long total = ordered.entrySet().stream().mapToLong(e -> e.getValue() * prices.get(e.getKey())).sum();
      events.add(paymentProcessed(orderId, total, ordered.entrySet().stream()
        .map(e -> line(e.getKey(), e.getValue(), prices.get(e.getKey()), cost.get(e.getKey()))).toArray(JsonObject[]::new)));
      paidOrders.add(orderId);
      paid += total;
      // shipped in one or two parts, or not at all
      var shipped = new HashMap<UUID, Integer>();
      for (int part = 0; part < random.nextInt(3); part++) {
        var lines = new ArrayList<JsonObject>();
        for (var e : ordered.entrySet()) {
          var left = e.getValue() - shipped.getOrDefault(e.getKey(), 0);
          var units = part == 1 ? left : random.nextInt(left + 1);
          if (units > 0) {
            shipped.merge(e.getKey(), units, Integer::sum);
            onHand.merge(e.getKey(), -units, Integer::sum);
            lines.add(line(e.getKey(), units, prices.get(e.getKey()), cost.get(e.getKey())));
            events.add(sold(e.getKey(), orderId, units, cost.get(e.getKey()), onHand.get(e.getKey())));
          }
        }
        if (!lines.isEmpty()) {
          events.add(orderShipped(orderId, lines.toArray(JsonObject[]::new)));
        }
      }
      // a refund of some shipped units, restocked or not, or of an amount alone
      if (random.nextInt(3) == 0) {
        var lines = new ArrayList<JsonObject>();
        long amount = 0;
        for (var e : shipped.entrySet()) {
          var units = random.nextInt(e.getValue() + 1);
          if (units > 0) {
            var restock = random.nextBoolean();
            var lineAmount = units * prices.get(e.getKey());
            amount += lineAmount;
            if (restock) {
              onHand.merge(e.getKey(), units, Integer::sum);
              events.add(returned(e.getKey(), orderId, units, cost.get(e.getKey()), onHand.get(e.getKey())));
            }
            lines.add(refundLine(e.getKey(), units, restock, lineAmount, random.nextBoolean() ? cost.get(e.getKey()) : null));
          }
        }
        if (lines.isEmpty()) {
          amount = 1 + random.nextInt((int) Math.min(total, 5_000));
        }
        refunded += amount;
        events.add(orderRefunded(orderId, amount, total, lines.toArray(JsonObject[]::new)));
      }
    }
    Future.all(first.stream().map(accounting::publishAsync).toList()).await();

    var deliveries = new ArrayList<DomainEvent>(events);
    events.stream().filter(e -> random.nextBoolean()).forEach(deliveries::add);
    Collections.shuffle(deliveries, random);
    for (int from = 0; from < deliveries.size(); from += 100) {
      Future.all(deliveries.subList(from, Math.min(deliveries.size(), from + 100)).stream()
        .map(accounting::publishAsync).toList()).await();
    }

    var why = "seed " + seed;
    assertEquals(0, accounting.count("SELECT count(*) FROM dead_letters"), why);
    var trial = accounting.ok("/accounting/reports/trial-balance");
    assertEquals(trial.getLong("total_debit"), trial.getLong("total_credit"), why);
    assertEquals(0, accounting.count("SELECT coalesce(sum(debit) - sum(credit), 0)::bigint FROM journal_lines"), why);
    assertEquals(0, accounting.count("SELECT count(*) FROM (SELECT entry_id FROM journal_lines GROUP BY entry_id"
      + " HAVING sum(debit) <> sum(credit) OR count(*) < 2) unbalanced"), why);

    var revenuePostings = new HashMap<UUID, Long>();
    accounting.rows("SELECT e.order_id, count(*) FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id"
        + " JOIN accounts a ON a.id = l.account_id WHERE a.code = '4000' AND l.credit > 0 GROUP BY e.order_id")
      .forEach(row -> revenuePostings.put(row.getUUID(0), row.getLong(1)));
    assertEquals(paidOrders, revenuePostings.keySet(), why);
    assertTrue(revenuePostings.values().stream().allMatch(n -> n == 1), "one revenue posting per paid order, " + why);

    var balances = accounting.balances();
    long inventory = products.stream().mapToLong(p -> onHand.get(p) * cost.get(p)).sum();
    assertEquals(inventory, balances.get("1200"), "inventory = sum of on hand x unit cost, " + why);
    assertEquals(paid, balances.get("4000"), why);
    assertEquals(refunded, balances.get("4100"), why);
    assertEquals(paid - refunded, balances.get("1000"), why);
    // order.shipped is no event of accounting's any more: catalog's sales carry the cost
    var applied = events.stream().filter(e -> !e.type().equals("shopifygenie.order.shipped")).count() + first.size();
    assertEquals(applied, accounting.count("SELECT count(*) FROM inbox"), "each event applied once, " + why);
    assertTrue(events.size() > 300, "a run of " + events.size() + " events");
  }
}
