package com.shopifygenie.catalog;

import com.shopifygenie.platform.PageCursor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static com.shopifygenie.catalog.CatalogSystem.line;
import static com.shopifygenie.catalog.CatalogSystem.orderCancelled;
import static com.shopifygenie.catalog.CatalogSystem.orderCreated;
import static com.shopifygenie.catalog.CatalogSystem.orderShipped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The stock ledger is listed in the order its movements were applied, and a client following it
 * by next_cursor while stock moves sees every movement once: each row's figures are the row
 * before's plus its deltas.
 */
@ExtendWith(VertxExtension.class)
class LedgerOrderTest {

  static CatalogSystem catalog;

  @BeforeAll
  static void start(Vertx vertx) {
    catalog = CatalogSystem.start(vertx);
  }

  @AfterAll
  static void stop() {
    catalog.stop();
  }

  @Test
  void aFollowerOfAProductSeesEveryConcurrentAdjustmentOnceInTheOrderApplied() throws Exception {
    var id = catalog.createProduct().getString("id");
    var follower = new Follower("/inventory/movements?limit=5&product_id=" + id);
    follower.start();
    var done = Future.all(workers(12, 150, n -> catalog.adjustAsync(id, "received", 1)
      .map(reply -> {
        assertEquals(201, reply.status(), reply::toString);
        return null;
      })));
    done.await();
    var seen = follower.catchUp(150);

    assertEquals(150, seen.size(), "every movement seen once");
    assertFollow(seen);
    assertEquals(150, seen.get(seen.size() - 1).getInteger("on_hand"));
    assertEquals(ids(seen), ids(all("/inventory/movements?limit=100&product_id=" + id)), "a second reading, the same order");
  }

  /**
   * Adjustments, reservations of orders (in runs), their releases and sales on a few products at
   * once, while one client follows the whole ledger: every row of the ledger is seen once, and
   * each product's rows follow on from each other.
   */
  @Test
  void aFollowerOfTheWholeLedgerSeesEveryMovementOnceWhileOrdersAndAdjustmentsRun() throws Exception {
    var seed = Long.getLong("catalog.seed", System.nanoTime());
    System.out.println("aFollowerOfTheWholeLedgerSeesEveryMovementOnceWhileOrdersAndAdjustmentsRun seed=" + seed
      + " (replay with -Dcatalog.seed=" + seed + ")");
    var random = new Random(seed);
    var products = new ArrayList<JsonObject>();
    for (int i = 0; i < 4; i++) {
      products.add(catalog.createProduct());
    }
    var follower = new Follower("/inventory/movements?limit=7");
    follower.start();
    // stock first, concurrently, so the orders below always find some
    Future.all(workers(8, 40, n -> catalog.adjustAsync(products.get(n % 4).getString("id"), "received", 25)
      .map(reply -> {
        assertEquals(201, reply.status(), reply::toString);
        return null;
      }))).await();
    var plans = new ArrayList<Supplier<Future<Void>>>();
    for (int i = 0; i < 160; i++) {
      var product = products.get(random.nextInt(products.size()));
      switch (random.nextInt(4)) {
        case 0 -> {
          var kind = random.nextBoolean() ? "received" : "damaged";
          plans.add(() -> catalog.adjustAsync(product.getString("id"), kind, 1 + random.nextInt(2)).map(reply -> {
            assertTrue(reply.status() == 201 || reply.status() == 409, reply::toString);
            return null;
          }));
        }
        default -> {
          var orderId = UUID.randomUUID();
          var lines = new JsonObject[] {line(product, 1 + random.nextInt(2)),
            line(products.get(random.nextInt(products.size())), 1)};
          var then = random.nextInt(3);
          plans.add(() -> catalog.publishAsync(orderCreated(orderId, lines)).compose(v -> switch (then) {
            case 0 -> catalog.publishAsync(orderCancelled(orderId, lines));
            case 1 -> catalog.publishAsync(orderShipped(orderId, lines));
            default -> Future.<Void>succeededFuture();
          }));
        }
      }
    }
    Future.all(workers(12, plans.size(), n -> plans.get(n).get())).await();
    var total = (int) catalog.count("SELECT count(*) FROM stock_movements");
    var seen = follower.catchUp(total);

    assertEquals(total, seen.size(), "every movement seen once, seed " + seed);
    assertEquals(total, new HashSet<>(ids(seen)).size());
    assertFollow(seen);
    for (var product : products) {
      var id = product.getString("id");
      var last = seen.stream().filter(m -> m.getString("product_id").equals(id)).reduce((a, b) -> b).orElseThrow();
      var inventory = catalog.inventory(id);
      assertEquals(inventory.getInteger("on_hand"), last.getInteger("on_hand"), "seed " + seed);
      assertEquals(inventory.getInteger("reserved"), last.getInteger("reserved"), "seed " + seed);
      var ofProduct = all("/inventory/movements?limit=50&product_id=" + id);
      assertEquals(ids(ofProduct), ids(seen.stream().filter(m -> m.getString("product_id").equals(id)).toList()),
        "a product's ledger in the whole ledger's order, seed " + seed);
    }
    assertTrue(catalog.count("SELECT count(*) FROM stock_movements WHERE reason = 'sold'") > 0, "seed " + seed);
    assertTrue(catalog.count("SELECT count(*) FROM stock_movements WHERE reason = 'released'") > 0, "seed " + seed);
  }

  @Test
  void aCursorOfAnotherListOrOfTheLedgerBeforeIsA400() {
    var id = catalog.createProduct().getString("id");
    var other = catalog.createProduct().getString("id");
    for (int i = 0; i < 3; i++) {
      catalog.receive(id, 1);
    }
    var ofProduct = get("/inventory/movements?limit=1&product_id=" + id).json().getString("next_cursor");
    var whole = get("/inventory/movements?limit=1").json().getString("next_cursor");
    var timeOrdered = new PageCursor(OffsetDateTime.now(), UUID.randomUUID()).encode("listProducts{}");
    var raw = Base64.getUrlEncoder().withoutPadding();
    for (var wrong : List.of(
      "/inventory/movements?cursor=" + ofProduct,
      "/inventory/movements?product_id=" + other + "&cursor=" + ofProduct,
      "/inventory/movements?product_id=" + id + "&cursor=" + whole,
      "/inventory/movements?cursor=" + timeOrdered,
      "/inventory/movements?product_id=" + id + "&cursor=" + timeOrdered,
      "/inventory/movements?cursor=" + raw.encodeToString("w_x_y_z".getBytes()),
      "/inventory/movements?product_id=" + id + "&cursor=" + raw.encodeToString(("p_" + id + "_0").getBytes()),
      "/inventory/movements?cursor=%21%21")) {
      var reply = get(wrong);
      assertEquals(400, reply.status(), () -> wrong + " " + reply);
      assertEquals("query.cursor", reply.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    }
    assertEquals(200, get("/inventory/movements?product_id=" + id + "&cursor=" + ofProduct).status());
    assertEquals(200, get("/inventory/movements?cursor=" + whole).status());
  }

  // --- the follower

  /**
   * A client following a list by next_cursor. At the end of the list (next_cursor null) it asks
   * the same cursor again: the rows it had from it must come again first, in the same places.
   */
  static final class Follower extends Thread {

    private final String path;
    private final List<JsonObject> seen = new ArrayList<>();
    private final AtomicInteger wanted = new AtomicInteger(Integer.MAX_VALUE);
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Follower(String path) {
      super("ledger-follower");
      this.path = path;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        String cursor = null;
        var fromCursor = new ArrayList<String>();
        while (!stop.get() && seen.size() < wanted.get()) {
          var reply = get(path + (cursor == null ? "" : "&cursor=" + cursor));
          assertEquals(200, reply.status(), reply::toString);
          var items = reply.json().getJsonArray("items");
          for (int i = 0; i < items.size(); i++) {
            var item = items.getJsonObject(i);
            if (i < fromCursor.size()) {
              assertEquals(fromCursor.get(i), item.getString("id"), "a row read before moved or vanished");
            } else {
              seen.add(item);
            }
          }
          var next = reply.json().getString("next_cursor");
          if (next != null) {
            cursor = next;
            fromCursor.clear();
          } else {
            fromCursor.clear();
            items.forEach(item -> fromCursor.add(((JsonObject) item).getString("id")));
            Thread.sleep(2);
          }
        }
      } catch (Throwable e) {
        failure.set(e);
      }
    }

    /** Once the writers are done: what the follower saw, when it has seen this many rows. */
    List<JsonObject> catchUp(int total) throws InterruptedException {
      wanted.set(total);
      join(60_000);
      stop.set(true);
      join(5_000);
      if (failure.get() != null) {
        fail("the follower failed", failure.get());
      }
      assertEquals(total, seen.size(), "seen in 60 s");
      return seen;
    }
  }

  // --- helpers

  /** Runs tasks 0..count-1, at most this many at once. */
  static List<Future<Void>> workers(int concurrency, int count, java.util.function.IntFunction<Future<Void>> task) {
    var next = new AtomicInteger();
    var workers = new ArrayList<Future<Void>>();
    for (int w = 0; w < concurrency; w++) {
      var worker = Promise.<Void>promise();
      work(next, count, task, worker);
      workers.add(worker.future());
    }
    return workers;
  }

  private static void work(AtomicInteger next, int count, java.util.function.IntFunction<Future<Void>> task,
                           Promise<Void> worker) {
    var n = next.getAndIncrement();
    if (n >= count) {
      worker.complete();
      return;
    }
    task.apply(n).onSuccess(v -> work(next, count, task, worker)).onFailure(worker::fail);
  }

  /** Each product's rows, in the order seen, follow on from the one before (from nothing). */
  static void assertFollow(List<JsonObject> movements) {
    var figures = new LinkedHashMap<String, int[]>();
    for (var m : movements) {
      var before = figures.computeIfAbsent(m.getString("product_id"), p -> new int[2]);
      var where = m.getString("product_id") + " " + m.getString("reason") + " " + m.getString("created_at");
      assertEquals(before[0] + m.getInteger("delta"), m.getInteger("on_hand"), "on_hand follows, " + where);
      assertEquals(before[1] + m.getInteger("reserved_delta"), m.getInteger("reserved"), "reserved follows, " + where);
      assertEquals(m.getInteger("on_hand") - m.getInteger("reserved"), m.getInteger("available"));
      before[0] = m.getInteger("on_hand");
      before[1] = m.getInteger("reserved");
    }
  }

  static List<String> ids(List<JsonObject> movements) {
    return movements.stream().map(m -> m.getString("id")).toList();
  }

  static List<JsonObject> all(String path) {
    var all = new ArrayList<JsonObject>();
    String cursor = null;
    do {
      var reply = get(path + (cursor == null ? "" : "&cursor=" + cursor));
      assertEquals(200, reply.status(), reply::toString);
      reply.json().getJsonArray("items").forEach(item -> all.add((JsonObject) item));
      cursor = reply.json().getString("next_cursor");
    } while (cursor != null);
    return all;
  }

  static com.shopifygenie.testkit.Reply get(String path) {
    return catalog.send(HttpMethod.GET, path, null, catalog.staff, Map.of());
  }
}
