package com.shopifygenie.launcher;

import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.catalog.CatalogVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.orders.OrdersVerticle;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.Reply;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static com.shopifygenie.launcher.Shop.usd;
import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An order's whole life through HTTP and events, catalog and orders together: payment,
 * shipments, delivery, refunds; then a seeded randomized run of hundreds of them at once (see
 * {@link OrderLives}). Run once per transport by the subclasses.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OrderLifeTest {

  TestSystem system;
  ApiClient api;
  Shop shop;
  Pool ordersDb;

  abstract TestSystem newSystem(Vertx vertx);

  @BeforeAll
  void start(Vertx vertx) {
    system = newSystem(vertx).deploy(AuthVerticle::new, CatalogVerticle::new, OrdersVerticle::new, GatewayVerticle::new);
    api = system.client();
    var staff = api.post("/auth/login", new JsonObject().put("email", TestSettings.ADMIN_EMAIL)
      .put("password", TestSettings.ADMIN_PASSWORD)).json().getString("access_token");
    shop = new Shop(api, staff);
    var db = system.settings().getJsonObject("db");
    ordersDb = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.getString("url"))
      .setDatabase(db.getString("prefix") + "orders")).using(vertx).build();
  }

  @AfterAll
  void stop() {
    ordersDb.close().await();
    system.stop();
  }

  /**
   * Register, order 3 A (12.00, cost 5.00) and 2 B (30.00, cost 11.00) out of 10 of each: total
   * 3 * 1200 + 2 * 3000 = 9600. A declined card, then a good one; ship 2 A + 2 B, then the last A;
   * deliver both; refund 1 A restocked (1200), then 500 without restock: 1700 refunded.
   */
  @Test
  void anOrdersWholeLifeEndsWithTheFiguresComputedByHand() {
    var a = shop.product("LIFE-A", 1200, 500, 10);
    var b = shop.product("LIFE-B", 3000, 1100, 10);
    var customer = shop.customer();
    var placed = shop.order(customer, Shop.lines("LIFE-A", 3, "LIFE-B", 2)).await();
    assertEquals(201, placed.status(), placed::toString);
    assertEquals(usd(9600), placed.json().getJsonObject("total"));
    var id = placed.json().getString("id");
    eventually(() -> "confirmed".equals(shop.statusOf(id)));

    assertEquals(402, shop.pay(id, Shop.DECLINED, "123", 9600, customer).await().status());
    assertEquals("confirmed", shop.statusOf(id));
    var paid = shop.pay(id, Shop.VISA, "123", 9600, customer).await();
    assertEquals(201, paid.status(), paid::toString);
    assertEquals("paid", shop.statusOf(id));

    var first = created(shop.ship(id, Shop.lines("LIFE-A", 2, "LIFE-B", 2)).await());
    assertEquals("partially_shipped", shop.statusOf(id));
    var second = created(shop.ship(id, Shop.lines("LIFE-A", 1)).await());
    assertEquals("shipped", shop.statusOf(id));
    assertEquals(200, shop.deliver(id, first.getString("id")).await().status());
    assertEquals("shipped", shop.statusOf(id));
    assertEquals(200, shop.deliver(id, second.getString("id")).await().status());
    assertEquals("delivered", shop.statusOf(id));

    var returned = created(shop.refundLines(id, new JsonArray().add(new JsonObject().put("sku", "LIFE-A")
      .put("quantity", 1).put("restock", true)), "arrived broken").await());
    assertEquals(usd(1200), returned.getJsonObject("amount"));
    var goodwill = created(shop.refundAmount(id, 500, "late delivery").await());
    assertEquals(usd(500), goodwill.getJsonObject("amount"));

    var order = shop.get(id);
    assertEquals("partially_refunded", order.getString("status"));
    assertEquals(usd(9600), order.getJsonObject("paid"));
    assertEquals(usd(1700), order.getJsonObject("refunded"));
    assertEquals(List.of(List.of(3, 3, 1), List.of(2, 2, 0)), order.getJsonArray("lines").stream()
      .map(l -> (JsonObject) l).map(l -> List.of(l.getInteger("quantity"), l.getInteger("shipped_quantity"),
        l.getInteger("returned_quantity"))).toList());
    assertEquals(List.of(
        List.of("pending", "created"),
        List.of("confirmed", "stock reserved"),
        List.of("paid", "paid by visa card ending 4242"),
        List.of("partially_shipped", "shipment " + first.getString("id") + " by DHL: 2 LIFE-A, 2 LIFE-B"),
        List.of("shipped", "shipment " + second.getString("id") + " by DHL: 1 LIFE-A"),
        List.of("delivered", "every shipment delivered"),
        List.of("partially_refunded", "refund of 1200 USD: arrived broken")),
      order.getJsonArray("status_history").stream().map(h -> (JsonObject) h)
        .map(h -> List.of(h.getString("to"), h.getString("cause"))).toList());

    var payments = shop.list(id, "payments");
    assertEquals(List.of(List.of("failed", 9600L), List.of("succeeded", 9600L)), payments.stream()
      .map(p -> (JsonObject) p).map(p -> List.of(p.getString("status"), p.getJsonObject("amount").getLong("amount")))
      .toList());
    assertEquals("card_declined", payments.getJsonObject(0).getString("failure_reason"));
    var refunds = shop.list(id, "refunds");
    assertEquals(List.of(1200L, 500L), refunds.stream().map(r -> ((JsonObject) r).getJsonObject("amount").getLong("amount"))
      .toList());
    assertEquals(new JsonArray().add(new JsonObject().put("sku", "LIFE-A").put("quantity", 1).put("restock", true)
      .put("amount", usd(1200))), refunds.getJsonObject(0).getJsonArray("lines"));
    assertEquals(new JsonArray(), refunds.getJsonObject(1).getJsonArray("lines"));

    // catalog: A sold 3 and got 1 back: 10 - 3 + 1 = 8 on hand; B sold 2: 8; nothing reserved any more
    eventually(() -> shop.movements(a).size() == 5 && shop.movements(b).size() == 3);
    assertStock(shop.inventory(a), 8, 0);
    assertStock(shop.inventory(b), 8, 0);
    var ledgerA = shop.ledger(a);
    assertEquals(List.of(10L, 0L, 1L), List.of(ledgerA.get("received")[0], ledgerA.get("received")[1], ledgerA.get("received")[2]));
    assertEquals(List.of(0L, 3L, 1L), sums(ledgerA, "reserved"));
    assertEquals(List.of(-3L, -3L, 2L), sums(ledgerA, "sold"), "one sale per shipment line");
    assertEquals(List.of(1L, 0L, 1L), sums(ledgerA, "returned"));
    var ledgerB = shop.ledger(b);
    assertEquals(List.of(-2L, -2L, 1L), sums(ledgerB, "sold"));
    assertEquals(null, ledgerB.get("returned"), "the amount refund restocked nothing");
  }

  /**
   * 2 C (15.00, cost 6.00) out of 5, paid; 1 shipped and came back restocked (1500 refunded): the
   * order is partially refunded with 1 C waiting to ship. Cancelling refunds that unit (1500 more)
   * and releases it: 5 - 1 sold + 1 returned = 5 on hand, nothing reserved; the sale and the return
   * each once, one release of 1.
   */
  @Test
  void aPartlyShippedOrderWithAPartialRefundIsCancelledAndReleasesWhatDidNotShip() {
    var c = shop.product("LIFE-C", 1500, 600, 5);
    var customer = shop.customer();
    var id = created(shop.order(customer, Shop.lines("LIFE-C", 2)).await()).getString("id");
    eventually(() -> "confirmed".equals(shop.statusOf(id)));
    created(shop.pay(id, Shop.VISA, "123", 3000, customer).await());
    created(shop.ship(id, Shop.lines("LIFE-C", 1)).await());
    created(shop.refundLines(id, new JsonArray().add(new JsonObject().put("sku", "LIFE-C").put("quantity", 1)
      .put("restock", true)), "returned").await());
    assertEquals("partially_refunded", shop.statusOf(id));

    var cancelled = shop.cancel(id, customer).await();
    assertEquals(200, cancelled.status(), cancelled::toString);
    assertEquals("cancelled", cancelled.json().getString("status"));
    assertEquals(usd(3000), cancelled.json().getJsonObject("refunded"));
    assertEquals(409, shop.refundAmount(id, 1, "again").await().status(), "nothing is refunded twice");

    eventually(() -> shop.ledger(c).containsKey("released"));
    assertStock(shop.inventory(c), 5, 0);
    var ledger = shop.ledger(c);
    assertEquals(List.of(0L, 2L, 1L), sums(ledger, "reserved"));
    assertEquals(List.of(-1L, -1L, 1L), sums(ledger, "sold"));
    assertEquals(List.of(1L, 0L, 1L), sums(ledger, "returned"));
    assertEquals(List.of(0L, -1L, 1L), sums(ledger, "released"));
  }

  /**
   * Hundreds of orders live at once (see {@link OrderLives}); afterwards no order was paid twice,
   * none was refunded more than it paid, and per product on hand = received + returned - sold,
   * equal to the ledger's sums, with exactly one sale per shipment line and one return per
   * restocked refund line: every event applied once. Replays with -Dlives.seed=N.
   */
  @Test
  void hundredsOfOrderLivesAtOnceKeepStockAndMoneyExact() {
    var seed = Long.getLong("lives.seed", System.nanoTime());
    System.out.println(getClass().getSimpleName() + " lives seed " + seed + " (replay: -Dlives.seed=" + seed + ")");
    var random = new Random(seed);
    var skus = List.of("RND-1", "RND-2", "RND-3", "RND-4");
    var prices = List.of(700L, 1100L, 1900L, 2300L);
    var received = 150;
    var products = new LinkedHashMap<String, String>();
    for (int i = 0; i < skus.size(); i++) {
      products.put(skus.get(i), shop.product(skus.get(i), prices.get(i), prices.get(i) / 2, received));
    }
    var customers = IntStream.range(0, 8).mapToObj(i -> shop.customer()).toList();

    var placing = new ArrayList<Future<OrderLives.Placed>>();
    for (int i = 0; i < 240; i++) {
      var index = i;
      var customer = customers.get(random.nextInt(customers.size()));
      var lines = new LinkedHashMap<String, Integer>();
      var first = random.nextInt(skus.size());
      lines.put(skus.get(first), 1 + random.nextInt(3));
      if (random.nextBoolean()) {
        lines.put(skus.get((first + 1 + random.nextInt(skus.size() - 1)) % skus.size()), 1 + random.nextInt(3));
      }
      var body = new JsonArray();
      lines.forEach((sku, q) -> body.add(new JsonObject().put("sku", sku).put("quantity", q)));
      placing.add(shop.order(customer, body).map(reply -> {
        assertEquals(201, reply.status(), reply::toString);
        return new OrderLives.Placed(index, reply.json().getString("id"), customer,
          reply.json().getJsonObject("total").getLong("amount"), lines);
      }));
    }
    Future.all(placing).await();
    var placed = placing.stream().map(Future::result).toList();
    eventually(() -> count("SELECT count(*) FROM orders WHERE status = 'pending'") == 0);
    var statuses = new HashMap<String, String>();
    ordersDb.query("SELECT id::text, status FROM orders").execute().await()
      .forEach(row -> statuses.put(row.getString(0), row.getString(1)));

    var lives = new OrderLives(shop, seed);
    Future.all(placed.stream().map(o -> lives.live(o, statuses.get(o.id()))).toList()).await();
    assertEquals(List.of(), lives.surprises, "answers no step allows");

    assertEquals(0, count("SELECT count(*) FROM (SELECT order_id FROM payments WHERE status = 'succeeded' "
      + "GROUP BY order_id HAVING count(*) > 1) twice"), "an order paid twice");
    assertEquals(0, count("SELECT count(*) FROM orders o WHERE refunded_amount > paid_amount"
      + " OR refunded_amount <> (SELECT coalesce(sum(amount), 0) FROM refunds r WHERE r.order_id = o.id)"
      + " OR paid_amount <> (SELECT coalesce(sum(amount), 0) FROM payments p WHERE p.order_id = o.id AND status = 'succeeded')"
      + " OR (paid_amount > 0 AND paid_amount <> total_amount)"), "money that does not add up");
    assertTrue(count("SELECT count(*) FROM refunds") > 0 && count("SELECT count(*) FROM shipments") > 0);

    var sold = perSku("SELECT sku, sum(shipped_quantity) FROM order_lines GROUP BY sku");
    var restocked = perSku("SELECT l.sku, sum(l.quantity) FROM refund_lines l JOIN refunds r ON r.id = l.refund_id"
      + " WHERE l.restock AND r.cause = 'refund' GROUP BY l.sku");
    var held = perSku("SELECT l.sku, sum(l.quantity - l.shipped_quantity) FROM order_lines l JOIN orders o"
      + " ON o.id = l.order_id WHERE o.status NOT IN ('pending', 'rejected', 'cancelled') GROUP BY l.sku");
    var sales = perSku("SELECT sku, count(*) FROM shipment_lines GROUP BY sku");
    var returns = perSku("SELECT l.sku, count(*) FROM refund_lines l JOIN refunds r ON r.id = l.refund_id"
      + " WHERE l.restock AND r.cause = 'refund' GROUP BY l.sku");
    eventually(() -> products.entrySet().stream().allMatch(p -> {
      var stock = shop.inventory(p.getValue());
      return stock.getLong("on_hand") == received - sold.getOrDefault(p.getKey(), 0L) + restocked.getOrDefault(p.getKey(), 0L)
        && stock.getLong("reserved") == held.getOrDefault(p.getKey(), 0L);
    }));
    for (var product : products.entrySet()) {
      var sku = product.getKey();
      var ledger = shop.ledger(product.getValue());
      var stock = shop.inventory(product.getValue());
      long onHand = received - sold.getOrDefault(sku, 0L) + restocked.getOrDefault(sku, 0L);
      assertStock(stock, (int) onHand, held.getOrDefault(sku, 0L).intValue());
      var ledgerReceived = ledger.get("received")[0];
      var ledgerSold = ledger.containsKey("sold") ? -ledger.get("sold")[0] : 0;
      var ledgerReturned = ledger.containsKey("returned") ? ledger.get("returned")[0] : 0;
      assertEquals(onHand, ledgerReceived + ledgerReturned - ledgerSold, sku + ": on hand = received + returned - sold");
      assertEquals(onHand, ledger.values().stream().mapToLong(sum -> sum[0]).sum(), sku + ": on hand is the ledger's sum");
      assertEquals((long) held.getOrDefault(sku, 0L), ledger.values().stream().mapToLong(sum -> sum[1]).sum(),
        sku + ": reserved is the ledger's sum");
      assertEquals(sales.getOrDefault(sku, 0L), ledger.containsKey("sold") ? ledger.get("sold")[2] : 0L,
        sku + ": one sale per shipment line");
      assertEquals(returns.getOrDefault(sku, 0L), ledger.containsKey("returned") ? ledger.get("returned")[2] : 0L,
        sku + ": one return per restocked refund line");
    }
    var byStatus = new LinkedHashMap<String, Long>();
    for (var status : List.of("confirmed", "paid", "partially_shipped", "shipped", "delivered", "partially_refunded",
        "refunded", "cancelled", "rejected")) {
      byStatus.put(status, count("SELECT count(*) FROM orders WHERE status = '" + status + "'"));
      assertEquals(byStatus.get(status), listed(status), status);
    }
    System.out.println("orders by status after the lives: " + byStatus);
  }

  long count(String sql) {
    return ordersDb.query(sql).execute().await().iterator().next().getLong(0);
  }

  Map<String, Long> perSku(String sql) {
    var sums = new HashMap<String, Long>();
    ordersDb.query(sql).execute().await().forEach(row -> sums.put(row.getString(0), row.getLong(1)));
    return sums;
  }

  /** How many orders GET /orders?status= lists, page after page. */
  long listed(String status) {
    long n = 0;
    String cursor = null;
    do {
      var page = api.get("/orders?limit=100&status=" + status + (cursor == null ? "" : "&cursor=" + cursor),
        shop.staffToken()).json();
      n += page.getJsonArray("items").size();
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    return n;
  }

  static List<Long> sums(Map<String, long[]> ledger, String reason) {
    var sum = ledger.get(reason);
    return sum == null ? null : List.of(sum[0], sum[1], sum[2]);
  }

  static void assertStock(JsonObject inventory, int onHand, int reserved) {
    assertEquals(List.of(onHand, reserved, onHand - reserved), List.of(inventory.getInteger("on_hand"),
      inventory.getInteger("reserved"), inventory.getInteger("available")), inventory::encode);
  }

  static JsonObject created(Reply reply) {
    assertEquals(201, reply.status(), reply::toString);
    return reply.json();
  }
}
