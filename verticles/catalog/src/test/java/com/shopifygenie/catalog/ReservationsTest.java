package com.shopifygenie.catalog;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.testkit.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
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

import static com.shopifygenie.catalog.CatalogSystem.line;
import static com.shopifygenie.catalog.CatalogSystem.orderCancelled;
import static com.shopifygenie.catalog.CatalogSystem.orderCreated;
import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Orders reserve stock through events published into the real local transport: all lines or
 * none, never oversold. Duplicates and dead letters, on both transports: {@link CatalogDeliveryTest}.
 */
@ExtendWith(VertxExtension.class)
class ReservationsTest {

  static CatalogSystem catalog;

  @BeforeAll
  static void start(Vertx vertx) {
    catalog = CatalogSystem.start(vertx);
  }

  @AfterAll
  static void stop() {
    catalog.stop();
  }

  static JsonObject stocked(int quantity) {
    var product = catalog.createProduct();
    if (quantity > 0) {
      catalog.receive(product.getString("id"), quantity);
    }
    return product;
  }

  @Test
  void anOrderReservesEveryLineAndSaysSo() {
    var mug = stocked(10);
    var tea = stocked(5);
    var orderId = UUID.randomUUID();
    catalog.publish(orderCreated(orderId, line(mug, 3), line(tea, 5)));

    assertEquals(3, catalog.inventory(mug.getString("id")).getInteger("reserved"));
    assertEquals(7, catalog.inventory(mug.getString("id")).getInteger("available"));
    assertEquals(0, catalog.inventory(tea.getString("id")).getInteger("available"));
    var reserved = catalog.events("stock.reserved", orderId);
    assertEquals(1, reserved.size());
    assertEquals(orderId.toString(), reserved.get(0).getString("order_id"));
    var lines = reserved.get(0).getJsonArray("lines");
    assertEquals(2, lines.size());
    assertTrue(lines.contains(new JsonObject().put("sku", mug.getString("sku")).put("quantity", 3)));
    assertTrue(lines.contains(new JsonObject().put("sku", tea.getString("sku")).put("quantity", 5)));

    var adjusted = catalog.events("stock.adjusted", mug.getString("id"));
    var last = adjusted.get(adjusted.size() - 1);
    assertEquals(0, last.getInteger("delta"));
    assertEquals(3, last.getInteger("reserved_delta"));
    assertEquals("reserved", last.getString("reason"));
    assertEquals(orderId.toString(), last.getString("order_id"));
    assertEquals(2, catalog.count("SELECT count(*) FROM reservations WHERE order_id = $1 AND status = 'active'", orderId));
  }

  @Test
  void oneShortLineReservesNothingAndNamesTheLine() {
    var plenty = stocked(10);
    var scarce = stocked(1);
    var orderId = UUID.randomUUID();
    catalog.publish(orderCreated(orderId, line(plenty, 2), line(scarce, 2)));

    assertEquals(0, catalog.inventory(plenty.getString("id")).getInteger("reserved"));
    assertEquals(0, catalog.inventory(scarce.getString("id")).getInteger("reserved"));
    assertEquals(0, catalog.count("SELECT count(*) FROM reservations WHERE order_id = $1", orderId));
    assertTrue(catalog.events("stock.reserved", orderId).isEmpty());
    var failed = catalog.events("stock.reservation_failed", orderId);
    assertEquals(1, failed.size());
    assertEquals(new JsonArray().add(new JsonObject().put("sku", scarce.getString("sku")).put("requested", 2)
      .put("available", 1)), failed.get(0).getJsonArray("lines"));
    // nothing moved: only the receipts are in the ledger
    assertEquals(1, catalog.count("SELECT count(*) FROM stock_movements WHERE product_id = $1",
      UUID.fromString(plenty.getString("id"))));
  }

  @Test
  void anUnknownProductHasNothingAvailable() {
    var orderId = UUID.randomUUID();
    var ghost = new JsonObject().put("sku", "GHOST-1").put("id", UUID.randomUUID().toString());
    catalog.publish(orderCreated(orderId, line(ghost, 1)));
    var failed = catalog.events("stock.reservation_failed", orderId);
    assertEquals(new JsonObject().put("sku", "GHOST-1").put("requested", 1).put("available", 0),
      failed.get(0).getJsonArray("lines").getJsonObject(0));
  }

  /** Staff set a product's status through the API, as the archive the prober sent. */
  static void setStatus(JsonObject product, String status) {
    var reply = catalog.send(HttpMethod.PATCH, "/products/" + product.getString("id"),
      new JsonObject().put("status", status), catalog.staff, Map.of("If-Match", "*"));
    assertEquals(200, reply.status(), reply::toString);
  }

  /**
   * Orders' price list hears of an archive later (eventual consistency): an order it accepted in
   * between must still be refused by the catalog, which knows, and the order rejected whole.
   */
  @Test
  void anArchivedProductIsNotReservedAndTheOrderFailsWhole() {
    var archived = stocked(10);
    var sellable = stocked(10);
    setStatus(archived, "archived");
    var alone = UUID.randomUUID();
    var mixed = UUID.randomUUID();
    catalog.publish(orderCreated(alone, line(archived, 2)));
    catalog.publish(orderCreated(mixed, line(sellable, 1), line(archived, 1)));

    var failed = catalog.events("stock.reservation_failed", alone);
    assertEquals(1, failed.size());
    assertEquals("Not on sale: " + archived.getString("sku"), failed.get(0).getString("reason"));
    assertEquals(new JsonArray().add(new JsonObject().put("sku", archived.getString("sku")).put("requested", 2)
      .put("available", 0)), failed.get(0).getJsonArray("lines"));
    var mixedFailed = catalog.events("stock.reservation_failed", mixed);
    assertEquals(1, mixedFailed.size());
    assertEquals("Not on sale: " + archived.getString("sku"), mixedFailed.get(0).getString("reason"));
    assertTrue(catalog.events("stock.reserved", alone).isEmpty());
    assertTrue(catalog.events("stock.reserved", mixed).isEmpty());
    assertEquals(0, catalog.count("SELECT count(*) FROM reservations WHERE order_id IN ($1, $2)", alone, mixed));
    assertEquals(0, catalog.count("SELECT count(*) FROM stock_movements WHERE order_id IN ($1, $2)", alone, mixed));
    assertEquals(0, catalog.inventory(archived.getString("id")).getInteger("reserved"));
    assertEquals(0, catalog.inventory(sellable.getString("id")).getInteger("reserved"));
  }

  @Test
  void aDraftIsNotOnSaleAndNamedBesideAShortLine() {
    var draft = stocked(10);
    var scarce = stocked(1);
    setStatus(draft, "draft");
    var orderId = UUID.randomUUID();
    catalog.publish(orderCreated(orderId, line(draft, 1), line(scarce, 2)));

    var failed = catalog.events("stock.reservation_failed", orderId);
    assertEquals(1, failed.size());
    assertEquals("Not on sale: " + draft.getString("sku") + "; insufficient stock of " + scarce.getString("sku"),
      failed.get(0).getString("reason"));
    assertEquals(0, catalog.count("SELECT count(*) FROM reservations WHERE order_id = $1", orderId));
  }

  /**
   * One batch from the orders relay, as a busy shop sends it: each lane applies its share in one
   * transaction (now() is the transaction's start, so a transaction's reservations share their
   * time), and the orders are still served one after the other, never overselling.
   */
  @Test
  void aBatchOfOrdersIsReservedInFewTransactionsAndNeverOversells() {
    var product = stocked(10);
    var other = stocked(100);
    var orders = new ArrayList<UUID>();
    var events = new ArrayList<DomainEvent>();
    for (int i = 0; i < 24; i++) {
      var orderId = UUID.randomUUID();
      orders.add(orderId);
      events.add(orderCreated(orderId, line(product, 1), line(other, 2)));
    }
    catalog.publishAllAsync(events).await();
    eventually(() -> catalog.count("SELECT count(*) FROM inbox WHERE event_id = ANY($1)",
      (Object) events.stream().map(DomainEvent::id).toArray(UUID[]::new)) == 24);

    var reserved = orders.stream().filter(id -> catalog.events("stock.reserved", id).size() == 1).toList();
    assertEquals(10, reserved.size(), "10 units of the scarce product, 10 orders served");
    assertEquals(14, orders.stream().filter(id -> catalog.events("stock.reservation_failed", id).size() == 1).count());
    assertEquals(0, catalog.inventory(product.getString("id")).getInteger("available"));
    assertEquals(80, catalog.inventory(other.getString("id")).getInteger("available"), "all or nothing per order");
    var transactions = catalog.count("SELECT count(DISTINCT created_at) FROM reservations WHERE order_id = ANY($1)",
      (Object) reserved.toArray(UUID[]::new));
    assertTrue(transactions < 10, "10 orders reserved in " + transactions + " transactions: the batch was applied one by one");
  }

  @Test
  void twoHundredConcurrentOrdersForFiftyUnitsReserveExactlyFifty() {
    var product = stocked(50);
    var orders = new ArrayList<UUID>();
    var published = new ArrayList<Future<Void>>();
    for (int i = 0; i < 200; i++) {
      var orderId = UUID.randomUUID();
      orders.add(orderId);
      published.add(catalog.publishAsync(orderCreated(orderId, line(product, 1))));
    }
    Future.all(published).await();

    var inventory = catalog.inventory(product.getString("id"));
    assertEquals(50, inventory.getInteger("on_hand"));
    assertEquals(50, inventory.getInteger("reserved"));
    assertEquals(0, inventory.getInteger("available"));
    var reservedOrders = 0;
    var failedOrders = 0;
    for (var orderId : orders) {
      var reserved = catalog.events("stock.reserved", orderId).size();
      var failed = catalog.events("stock.reservation_failed", orderId).size();
      assertEquals(1, reserved + failed, "each order gets exactly one answer");
      reservedOrders += reserved;
      failedOrders += failed;
    }
    assertEquals(50, reservedOrders);
    assertEquals(150, failedOrders);
    assertEquals(1, catalog.events("stock.low", product.getString("id")).size(), "one crossing, one alert");
  }

  @Test
  void anOrderCancelledBeforeItsCreationArrivedReservesNothing() {
    var product = stocked(5);
    var orderId = UUID.randomUUID();
    catalog.publish(orderCancelled(orderId, line(product, 2)));
    catalog.publish(orderCreated(orderId, line(product, 2)));
    assertEquals(0, catalog.inventory(product.getString("id")).getInteger("reserved"));
  }

  /**
   * The ledger invariant under a randomized concurrent workload of HTTP adjustments, orders and
   * cancellations: for every product on_hand = sum(delta), reserved = sum(reserved_delta) =
   * the active reservations, and 0 &lt;= reserved &lt;= on_hand.
   */
  @Test
  void theLedgerMatchesTheInventoryAfterARandomConcurrentWorkload() {
    var seed = Long.getLong("catalog.seed", System.nanoTime());
    System.out.println("theLedgerMatchesTheInventoryAfterARandomConcurrentWorkload seed=" + seed
      + " (replay with -Dcatalog.seed=" + seed + ")");
    var random = new Random(seed);
    var products = new ArrayList<JsonObject>();
    for (int i = 0; i < 6; i++) {
      products.add(stocked(random.nextInt(30)));
    }
    var work = new ArrayList<Future<?>>();
    for (int i = 0; i < 160; i++) {
      var product = products.get(random.nextInt(products.size()));
      var id = product.getString("id");
      switch (random.nextInt(5)) {
        case 0 -> work.add(catalog.adjustAsync(id, "received", 1 + random.nextInt(10)).map(this::accepted));
        case 1 -> work.add(catalog.adjustAsync(id, "damaged", 1 + random.nextInt(5)).map(this::accepted));
        case 2 -> work.add((random.nextBoolean()
          ? catalog.adjustAsync(id, "correction", random.nextBoolean() ? -1 - random.nextInt(4) : 1 + random.nextInt(4))
          : catalog.adjustAsync(id, "counted", random.nextInt(20))).map(this::accepted));
        default -> {
          var orderId = UUID.randomUUID();
          var lines = new ArrayList<JsonObject>();
          for (int l = 0; l < 1 + random.nextInt(3); l++) {
            lines.add(line(products.get(random.nextInt(products.size())), 1 + random.nextInt(4)));
          }
          var linesArray = lines.toArray(JsonObject[]::new);
          var cancel = random.nextInt(3) == 0;
          work.add(catalog.publishAsync(orderCreated(orderId, linesArray))
            .compose(v -> cancel ? catalog.publishAsync(orderCancelled(orderId, linesArray)) : Future.succeededFuture()));
        }
      }
    }
    Future.all(work).await();

    for (var product : products) {
      var id = UUID.fromString(product.getString("id"));
      var inventory = catalog.inventory(id.toString());
      var sums = catalog.rows("SELECT coalesce(sum(delta), 0) AS on_hand, coalesce(sum(reserved_delta), 0) AS reserved"
        + " FROM stock_movements WHERE product_id = $1", id).get(0);
      var held = catalog.count("SELECT coalesce(sum(quantity - shipped), 0) FROM reservations WHERE product_id = $1"
        + " AND status = 'active'", id);
      var why = "seed " + seed + ", product " + id;
      assertEquals(sums.getLong("on_hand").intValue(), inventory.getInteger("on_hand"), why);
      assertEquals(sums.getLong("reserved").intValue(), inventory.getInteger("reserved"), why);
      assertEquals(held, inventory.getInteger("reserved").longValue(), why);
      assertTrue(inventory.getInteger("reserved") >= 0 && inventory.getInteger("available") >= 0, why);
      assertEquals(catalog.count("SELECT count(*) FROM stock_movements WHERE product_id = $1", id),
        catalog.count("SELECT count(*) FROM outbox WHERE type = 'shopifygenie.stock.adjusted' AND subject = $1",
          id.toString()), "one stock.adjusted per movement, " + why);
    }
  }

  /** An adjustment in the random workload either applies or is refused for lack of stock. */
  private Reply accepted(Reply reply) {
    assertTrue(reply.status() == 201 || reply.status() == 409, reply::toString);
    return reply;
  }
}
