package com.shopifygenie.catalog;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;

import static com.shopifygenie.catalog.CatalogSystem.line;
import static com.shopifygenie.catalog.CatalogSystem.orderCancelled;
import static com.shopifygenie.catalog.CatalogSystem.orderCreated;
import static com.shopifygenie.catalog.CatalogSystem.orderRefunded;
import static com.shopifygenie.catalog.CatalogSystem.orderShipped;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the rest of an order's life does to stock, through events published into the real local
 * transport: a shipment is a sale, a restocked refund a return, a cancellation after a partial
 * shipment releases only what is still held.
 */
@ExtendWith(VertxExtension.class)
class SalesTest {

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
    catalog.receive(product.getString("id"), quantity);
    return product;
  }

  @Test
  void aShipmentTakesItsUnitsOutOfOnHandAndReserved() {
    var mug = stocked(10);
    var orderId = UUID.randomUUID();
    catalog.publish(orderCreated(orderId, line(mug, 5)));

    catalog.publish(orderShipped(orderId, line(mug, 2)));
    assertStock(mug, 8, 3);
    var sold = lastAdjusted(mug);
    assertEquals("sold", sold.getString("reason"));
    assertEquals(-2, sold.getInteger("delta"));
    assertEquals(-2, sold.getInteger("reserved_delta"));
    assertEquals(orderId.toString(), sold.getString("order_id"));
    assertEquals(new JsonObject().put("amount", 800).put("currency", "USD"), sold.getJsonObject("unit_cost"));
    var movement = lastMovement(mug);
    assertEquals("sold", movement.getString("reason"));
    assertEquals(-2, movement.getInteger("delta"));
    assertEquals(orderId, movement.getUUID("order_id"));

    catalog.publish(orderShipped(orderId, line(mug, 3)));
    assertStock(mug, 5, 0);
    assertEquals("sold", reservation(orderId, mug).getString("status"));
    assertEquals(5, reservation(orderId, mug).getInteger("shipped"));
  }

  @Test
  void oneShipmentOfTwoProductsIsOneMovementAndOneEventPerProduct() {
    var mug = stocked(4);
    var tea = stocked(4);
    var orderId = UUID.randomUUID();
    catalog.publish(orderCreated(orderId, line(mug, 1), line(tea, 2), line(mug, 1)));
    catalog.publish(orderShipped(orderId, line(mug, 1), line(tea, 2), line(mug, 1)));
    assertStock(mug, 2, 0);
    assertStock(tea, 2, 0);
    for (var product : List.of(mug, tea)) {
      var id = UUID.fromString(product.getString("id"));
      assertEquals(1, catalog.count("SELECT count(*) FROM stock_movements WHERE product_id = $1 AND reason = 'sold'", id));
      assertEquals(1, catalog.events("stock.adjusted", id).stream().filter(e -> e.getString("reason").equals("sold")).count());
    }
  }

  @Test
  void aCancellationAfterAPartialShipmentReleasesOnlyWhatIsStillHeld() {
    var mug = stocked(10);
    var tea = stocked(4);
    var orderId = UUID.randomUUID();
    catalog.publish(orderCreated(orderId, line(mug, 5), line(tea, 3)));
    catalog.publish(orderShipped(orderId, line(mug, 2), line(tea, 3)));
    catalog.publish(orderCancelled(orderId, line(mug, 5), line(tea, 3)));

    assertEquals(0, catalog.count("SELECT count(*) FROM dead_letters"));
    assertStock(mug, 8, 0);
    assertStock(tea, 1, 0);
    var released = lastAdjusted(mug);
    assertEquals("released", released.getString("reason"));
    assertEquals(-3, released.getInteger("reserved_delta"));
    assertEquals("released", reservation(orderId, mug).getString("status"));
    assertEquals("sold", reservation(orderId, tea).getString("status"));
    assertEquals(0, catalog.events("stock.adjusted", tea.getString("id")).stream()
      .filter(e -> e.getString("reason").equals("released")).count(), "a shipped unit is never released");
  }

  @Test
  void aRestockedRefundReturnsTheUnitsToOnHand() {
    var mug = stocked(6);
    var orderId = UUID.randomUUID();
    catalog.publish(orderCreated(orderId, line(mug, 3)));
    catalog.publish(orderShipped(orderId, line(mug, 3)));
    catalog.publish(orderRefunded(orderId, true, line(mug, 2)));

    assertStock(mug, 5, 0);
    var returned = lastAdjusted(mug);
    assertEquals("returned", returned.getString("reason"));
    assertEquals(2, returned.getInteger("delta"));
    assertEquals(0, returned.getInteger("reserved_delta"));
    assertEquals(orderId.toString(), returned.getString("order_id"));
    assertEquals("returned", lastMovement(mug).getString("reason"));
  }

  @Test
  void aRefundWithoutRestockLeavesStockAsItIs() {
    var mug = stocked(6);
    var orderId = UUID.randomUUID();
    catalog.publish(orderCreated(orderId, line(mug, 3)));
    catalog.publish(orderShipped(orderId, line(mug, 3)));
    var movements = catalog.count("SELECT count(*) FROM stock_movements WHERE product_id = $1",
      UUID.fromString(mug.getString("id")));
    catalog.publish(orderRefunded(orderId, false, line(mug, 3)));

    assertStock(mug, 3, 0);
    assertEquals(movements, catalog.count("SELECT count(*) FROM stock_movements WHERE product_id = $1",
      UUID.fromString(mug.getString("id"))));
  }

  static void assertStock(JsonObject product, int onHand, int reserved) {
    var inventory = catalog.inventory(product.getString("id"));
    assertEquals(onHand, inventory.getInteger("on_hand"), inventory::encode);
    assertEquals(reserved, inventory.getInteger("reserved"), inventory::encode);
  }

  static JsonObject lastAdjusted(JsonObject product) {
    var adjusted = catalog.events("stock.adjusted", product.getString("id"));
    return adjusted.get(adjusted.size() - 1);
  }

  static Row lastMovement(JsonObject product) {
    return catalog.rows("SELECT reason, delta, reserved_delta, order_id FROM stock_movements WHERE product_id = $1"
      + " ORDER BY created_at DESC, id DESC LIMIT 1", UUID.fromString(product.getString("id"))).get(0);
  }

  static Row reservation(UUID orderId, JsonObject product) {
    return catalog.rows("SELECT status, quantity, shipped FROM reservations WHERE order_id = $1 AND product_id = $2",
      orderId, UUID.fromString(product.getString("id"))).get(0);
  }
}
