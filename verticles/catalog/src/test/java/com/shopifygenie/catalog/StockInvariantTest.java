package com.shopifygenie.catalog;

import com.shopifygenie.testkit.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static com.shopifygenie.catalog.CatalogSystem.line;
import static com.shopifygenie.catalog.CatalogSystem.orderCancelled;
import static com.shopifygenie.catalog.CatalogSystem.orderCreated;
import static com.shopifygenie.catalog.CatalogSystem.orderRefunded;
import static com.shopifygenie.catalog.CatalogSystem.orderShipped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stock invariant after a seeded random run of whole order lives (reserved, shipped in parts,
 * cancelled, refunded with and without restock) among concurrent receipts, damages and
 * corrections: per product, on hand = received + returned + corrections - sold - damaged, as the
 * test counted what it did, and as the movement ledger sums it.
 */
@ExtendWith(VertxExtension.class)
class StockInvariantTest {

  static CatalogSystem catalog;

  @BeforeAll
  static void start(Vertx vertx) {
    catalog = CatalogSystem.start(vertx);
  }

  @AfterAll
  static void stop() {
    catalog.stop();
  }

  /** What the test did to each product, by ledger reason; counts of units, signed only for corrections. */
  final Map<String, Map<String, Integer>> done = new ConcurrentHashMap<>();

  void count(JsonObject product, String reason, int units) {
    done.computeIfAbsent(product.getString("id"), id -> new ConcurrentHashMap<>()).merge(reason, units, Integer::sum);
  }

  int counted(JsonObject product, String reason) {
    return done.getOrDefault(product.getString("id"), Map.of()).getOrDefault(reason, 0);
  }

  @Test
  void onHandIsReceivedPlusReturnedPlusCorrectionsMinusSoldMinusDamagedAfterARandomRun() {
    var seed = Long.getLong("catalog.seed", System.nanoTime());
    System.out.println("stock invariant seed=" + seed + " (replay with -Dcatalog.seed=" + seed + ")");
    var random = new Random(seed);
    var products = new ArrayList<JsonObject>();
    for (int i = 0; i < 5; i++) {
      var product = catalog.createProduct();
      var quantity = 20 + random.nextInt(40);
      catalog.receive(product.getString("id"), quantity);
      count(product, "received", quantity);
      products.add(product);
    }
    var work = new ArrayList<Future<?>>();
    for (int i = 0; i < 240; i++) {
      var product = products.get(random.nextInt(products.size()));
      switch (random.nextInt(8)) {
        case 0 -> work.add(adjust(product, "received", 1 + random.nextInt(10)));
        case 1 -> work.add(adjust(product, "damaged", 1 + random.nextInt(3)));
        case 2 -> work.add(adjust(product, "correction", random.nextBoolean() ? -1 - random.nextInt(3) : 1 + random.nextInt(3)));
        default -> {
          var lines = new LinkedHashMap<JsonObject, Integer>();
          for (int l = 0; l < 1 + random.nextInt(3); l++) {
            lines.merge(products.get(random.nextInt(products.size())), 1 + random.nextInt(4), Integer::sum);
          }
          work.add(live(UUID.randomUUID(), lines, new Random(random.nextLong())));
        }
      }
    }
    Future.all(work).await();

    assertEquals(0, catalog.count("SELECT count(*) FROM dead_letters"), "seed " + seed);
    for (var product : products) {
      var id = UUID.fromString(product.getString("id"));
      var why = "seed " + seed + ", product " + id;
      var inventory = catalog.inventory(id.toString());
      var expected = counted(product, "received") + counted(product, "returned") + counted(product, "correction")
        - counted(product, "sold") - counted(product, "damaged");
      assertEquals(expected, inventory.getInteger("on_hand"), why);
      var ledger = new LinkedHashMap<String, Long>();
      catalog.rows("SELECT reason, sum(delta) FROM stock_movements WHERE product_id = $1 GROUP BY reason", id)
        .forEach(row -> ledger.put(row.getString(0), row.getLong(1)));
      for (var reason : List.of("received", "returned", "correction")) {
        assertEquals(counted(product, reason), ledger.getOrDefault(reason, 0L).intValue(), reason + ", " + why);
      }
      for (var reason : List.of("sold", "damaged")) {
        assertEquals(-counted(product, reason), ledger.getOrDefault(reason, 0L).intValue(), reason + ", " + why);
      }
      assertEquals(inventory.getInteger("on_hand").longValue(), ledger.values().stream().mapToLong(Long::longValue).sum(), why);
      assertEquals(counted(product, "held"), inventory.getInteger("reserved"), "reserved, " + why);
      assertEquals(counted(product, "held"), catalog.count("SELECT coalesce(sum(reserved_delta), 0) FROM stock_movements"
        + " WHERE product_id = $1", id), why);
      assertEquals(counted(product, "held"), catalog.count("SELECT coalesce(sum(quantity - shipped), 0) FROM reservations"
        + " WHERE product_id = $1 AND status = 'active'", id), why);
    }
  }

  Future<Reply> adjust(JsonObject product, String kind, int quantity) {
    return catalog.adjustAsync(product.getString("id"), kind, quantity).map(reply -> {
      assertTrue(reply.status() == 201 || reply.status() == 409, reply::toString);
      if (reply.status() == 201) {
        count(product, kind, Math.abs(quantity) * (kind.equals("correction") ? Integer.signum(quantity) : 1));
      }
      return reply;
    });
  }

  /**
   * One order's life, its events one after the other as orders would publish them: created; if
   * catalog reserved it, a first shipment of part of it, then the rest shipped or the order
   * cancelled or left open, then a refund of some shipped units, restocked or not.
   */
  Future<Void> live(UUID orderId, Map<JsonObject, Integer> ordered, Random random) {
    var created = ordered.entrySet().stream().map(e -> line(e.getKey(), e.getValue())).toArray(JsonObject[]::new);
    var first = new LinkedHashMap<JsonObject, Integer>();
    ordered.forEach((product, quantity) -> first.put(product, random.nextInt(quantity + 1)));
    var then = random.nextInt(3);
    var refundShare = random.nextInt(3);
    var restock = random.nextBoolean();
    return catalog.publishAsync(orderCreated(orderId, created))
      .compose(v -> catalog.db.preparedQuery("SELECT count(*) FROM reservations WHERE order_id = $1")
        .execute(Tuple.of(orderId)))
      .compose(rows -> {
        if (rows.iterator().next().getLong(0) == 0) {
          return Future.succeededFuture();
        }
        var shipped = new LinkedHashMap<JsonObject, Integer>();
        ordered.forEach((product, quantity) -> count(product, "held", quantity));
        return ship(orderId, first, shipped)
          .compose(v -> switch (then) {
            case 0 -> {
              var rest = new LinkedHashMap<JsonObject, Integer>();
              ordered.forEach((product, quantity) -> rest.put(product, quantity - first.get(product)));
              yield ship(orderId, rest, shipped);
            }
            case 1 -> catalog.publishAsync(orderCancelled(orderId, created)).onSuccess(x -> ordered.forEach(
              (product, quantity) -> count(product, "held", -(quantity - first.get(product)))));
            default -> Future.succeededFuture();
          })
          .compose(v -> refund(orderId, shipped, refundShare, restock));
      });
  }

  /** Ships the non-zero lines, if any; adds them to what the order shipped. */
  Future<Void> ship(UUID orderId, Map<JsonObject, Integer> lines, Map<JsonObject, Integer> shipped) {
    var shipping = lines.entrySet().stream().filter(e -> e.getValue() > 0).toList();
    if (shipping.isEmpty()) {
      return Future.succeededFuture();
    }
    return catalog.publishAsync(orderShipped(orderId, shipping.stream().map(e -> line(e.getKey(), e.getValue()))
        .toArray(JsonObject[]::new)))
      .onSuccess(v -> shipping.forEach(e -> {
        count(e.getKey(), "sold", e.getValue());
        count(e.getKey(), "held", -e.getValue());
        shipped.merge(e.getKey(), e.getValue(), Integer::sum);
      }));
  }

  /** Refunds none, half or all of each shipped line. */
  Future<Void> refund(UUID orderId, Map<JsonObject, Integer> shipped, int share, boolean restock) {
    var refunding = shipped.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() * share / 2))
      .filter(e -> e.getValue() > 0).toList();
    if (refunding.isEmpty()) {
      return Future.succeededFuture();
    }
    return catalog.publishAsync(orderRefunded(orderId, restock, refunding.stream()
        .map(e -> line(e.getKey(), e.getValue())).toArray(JsonObject[]::new)))
      .onSuccess(v -> refunding.forEach(e -> count(e.getKey(), "returned", restock ? e.getValue() : 0)));
  }
}
