package com.shopifygenie.analytics;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static com.shopifygenie.analytics.AnalyticsSystem.CATALOG;
import static com.shopifygenie.analytics.AnalyticsSystem.ORDERS;
import static com.shopifygenie.analytics.AnalyticsSystem.at;
import static com.shopifygenie.analytics.AnalyticsSystem.line;
import static com.shopifygenie.analytics.AnalyticsSystem.payment;
import static com.shopifygenie.analytics.AnalyticsSystem.stockAdjusted;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Consecutive events that set the same rows are applied as one statement per run; the rows must
 * end as the events applied one at a time leave them, whatever the batches, with an order's or a
 * product's events repeated within a run and runs cut by other events.
 */
@ExtendWith(VertxExtension.class)
class ReadModelRunsTest {

  private static final String[] STATUSES = {"confirmed", "rejected", "cancelled", "shipped", "delivered"};

  /** An order's row as applying its events one at a time leaves it (null: never heard of). */
  private record OrderRow(String status, OffsetDateTime placedAt) {}

  /** A product's row as applying its events one at a time leaves it. */
  private record ProductRow(String sku, String title, int available, Integer reorderPoint, boolean archived) {}

  @Test
  void runsOfOrderAndStockEventsEndAsTheEventsOneAtATime(Vertx vertx) {
    var seed = System.nanoTime();
    System.out.println("runsOfOrderAndStockEventsEndAsTheEventsOneAtATime seed " + seed);
    var random = new Random(seed);
    var system = TestSystem.create(vertx).deploy(AnalyticsVerticle::new);
    var pool = AnalyticsSystem.analyticsPool(vertx, system);
    try {
      var orders = new ArrayList<UUID>();
      var customers = new HashMap<UUID, UUID>();
      for (var i = 0; i < 4; i++) {
        var order = UUID.randomUUID();
        orders.add(order);
        customers.put(order, UUID.randomUUID());
      }
      var products = List.of(UUID.randomUUID(), UUID.randomUUID());
      var expectedOrders = new HashMap<UUID, OrderRow>();
      var expectedProducts = new HashMap<UUID, ProductRow>();
      // after each event, the rows as one event at a time leaves them
      var ordersAfter = new ArrayList<Map<UUID, OrderRow>>();
      var productsAfter = new ArrayList<Map<UUID, ProductRow>>();
      var events = new ArrayList<DomainEvent>();
      var time = OffsetDateTime.now(ZoneOffset.UTC).withNano(0).minusHours(1);
      while (events.size() < 400) {
        // streaks of one kind make runs, with an order or a product often repeated within them
        var kind = random.nextInt(7);
        for (var streak = 1 + random.nextInt(5); streak > 0; streak--) {
          time = time.plusSeconds(1);
          var order = orders.get(random.nextInt(orders.size()));
          var product = products.get(random.nextInt(products.size()));
          var was = expectedOrders.get(order);
          var kept = expectedProducts.get(product);
          var n = events.size();
          switch (kind) {
            case 0 -> {
              events.add(orderEvent("order.created", order, customers.get(order), time));
              expectedOrders.put(order, new OrderRow(was == null ? "pending" : was.status(), time));
            }
            case 1 -> {
              var status = STATUSES[random.nextInt(STATUSES.length)];
              events.add(orderEvent("order." + status, order, customers.get(order), time));
              expectedOrders.put(order, new OrderRow(status, was == null ? null : was.placedAt()));
            }
            case 2 -> {
              events.add(orderEvent("payment.failed", order, customers.get(order), time));
              expectedOrders.put(order, new OrderRow("payment_failed", was == null ? null : was.placedAt()));
            }
            case 3 -> {
              // stock.adjusted carries the reorder point since catalog added it; older ones do not
              var available = random.nextInt(100);
              var point = random.nextBoolean() ? null : (Integer) random.nextInt(20);
              var adjusted = stockAdjusted(product, "SKU-" + n, available);
              if (point != null) {
                adjusted.data().put("reorder_point", point);
              }
              events.add(adjusted);
              expectedProducts.put(product, new ProductRow(kept == null ? "SKU-" + n : kept.sku(),
                kept == null ? null : kept.title(), available,
                point != null ? point : kept == null ? null : kept.reorderPoint(), kept != null && kept.archived()));
            }
            case 4 -> {
              var available = random.nextInt(10);
              var type = random.nextBoolean() ? "stock.low" : "stock.reorder_settings_changed";
              events.add(at(CATALOG.event(type, product, new JsonObject().put("product_id", product.toString())
                .put("sku", "LOW-" + n).put("available", available).put("reorder_point", 10)
                .put("reorder_quantity", 20)), time));
              expectedProducts.put(product, new ProductRow(kept == null ? "LOW-" + n : kept.sku(),
                kept == null ? null : kept.title(), available, 10, kept != null && kept.archived()));
            }
            case 5 -> {
              // product.created tells the point it was created with (older ones do not), and nothing
              // on hand, both only where no inventory event told them; product.updated neither
              var created = random.nextBoolean();
              var archived = !created && random.nextBoolean();
              var point = created && random.nextBoolean() ? (Integer) random.nextInt(20) : null;
              var data = AnalyticsSystem.productCreated(product, "P-" + n, "Title " + n).data()
                .put("status", archived ? "archived" : "active");
              if (point != null) {
                data.put("reorder_point", point).put("reorder_quantity", 5);
              }
              events.add(at(CATALOG.event(created ? "product.created" : "product.updated", product, data), time));
              expectedProducts.put(product, new ProductRow("P-" + n, "Title " + n, kept == null ? 0 : kept.available(),
                kept != null && kept.reorderPoint() != null ? kept.reorderPoint() : point, archived));
            }
            default -> {
              // a payment sets the order's row itself, and cuts the runs around it
              events.add(payment(customers.get(order), order, time, line(product, 1, 100)));
              expectedOrders.put(order, new OrderRow("paid", was == null ? null : was.placedAt()));
            }
          }
          ordersAfter.add(Map.copyOf(expectedOrders));
          productsAfter.add(Map.copyOf(expectedProducts));
        }
      }

      var handlers = AnalyticsSystem.handlers();
      var next = 0;
      while (next < events.size()) {
        var batch = events.subList(next, Math.min(events.size(), next + 1 + random.nextInt(30)));
        next += batch.size();
        pool.withTransaction(tx -> handlers.handleAll(tx, batch)).await();
        var why = "after event " + next + " of " + events.size() + ", seed " + seed;
        assertEquals(ordersAfter.get(next - 1), orderRows(pool, orders, customers, why), why);
        assertEquals(productsAfter.get(next - 1), productRows(pool, products), why);
      }
    } finally {
      pool.close().await();
      system.stop();
    }
  }

  private static Map<UUID, OrderRow> orderRows(Pool pool, List<UUID> orders, Map<UUID, UUID> customers, String why) {
    var found = new HashMap<UUID, OrderRow>();
    pool.preparedQuery("SELECT order_id, customer_id, status, placed_at FROM orders WHERE order_id = ANY($1)")
      .execute(Tuple.of(orders.toArray(UUID[]::new))).await().forEach(row -> {
        assertEquals(customers.get(row.getUUID("order_id")), row.getUUID("customer_id"), why);
        found.put(row.getUUID("order_id"), new OrderRow(row.getString("status"), row.getOffsetDateTime("placed_at")));
      });
    return found;
  }

  private static Map<UUID, ProductRow> productRows(Pool pool, List<UUID> products) {
    var found = new HashMap<UUID, ProductRow>();
    pool.preparedQuery("SELECT product_id, sku, title, available, reorder_point, archived FROM products "
        + "WHERE product_id = ANY($1)")
      .execute(Tuple.of(products.toArray(UUID[]::new))).await().forEach(row -> found.put(row.getUUID("product_id"),
        new ProductRow(row.getString("sku"), row.getString("title"), row.getInteger("available"),
          row.getInteger("reorder_point"), row.getBoolean("archived"))));
    return found;
  }

  private static DomainEvent orderEvent(String type, UUID order, UUID customer, OffsetDateTime time) {
    return at(ORDERS.event(type, order, new JsonObject().put("order_id", order.toString())
      .put("customer_id", customer.toString()).put("status", type.substring(type.indexOf('.') + 1))), time);
  }
}
