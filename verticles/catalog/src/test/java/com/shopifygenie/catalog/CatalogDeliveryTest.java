package com.shopifygenie.catalog;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.testkit.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.catalog.CatalogSystem.announcedAgain;
import static com.shopifygenie.catalog.CatalogSystem.line;
import static com.shopifygenie.catalog.CatalogSystem.orderCancelled;
import static com.shopifygenie.catalog.CatalogSystem.orderCreated;
import static com.shopifygenie.catalog.CatalogSystem.orderRefunded;
import static com.shopifygenie.catalog.CatalogSystem.orderShipped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What reaches the catalog twice, or cannot be applied, is applied once: duplicates, dead
 * letters and their replay through the API. Run once per transport by the subclasses.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CatalogDeliveryTest {

  CatalogSystem catalog;

  abstract CatalogSystem start(Vertx vertx);

  @BeforeAll
  void startSystem(Vertx vertx) {
    catalog = start(vertx);
  }

  @AfterAll
  void stop() {
    catalog.stop();
  }

  JsonObject stocked(int quantity) {
    var product = catalog.createProduct();
    catalog.receive(product.getString("id"), quantity);
    return product;
  }

  @Test
  void aDuplicateDeliveryReservesOnce() {
    var product = stocked(10);
    var orderId = UUID.randomUUID();
    var event = orderCreated(orderId, line(product, 4));
    catalog.publish(event);
    catalog.publish(event);
    // the same order announced again under another event id is not a second order either
    var again = announcedAgain(event);
    catalog.publish(again);
    assertNothingParked(event, again);
    assertEquals(4, catalog.inventory(product.getString("id")).getInteger("reserved"));
    assertEquals(1, catalog.events("stock.reserved", orderId).size());
    assertEquals(1, catalog.count("SELECT count(*) FROM reservations WHERE order_id = $1", orderId));
  }

  @Test
  void cancellationReleasesTheReservationOnce() {
    var product = stocked(10);
    var other = stocked(3);
    var orderId = UUID.randomUUID();
    catalog.publish(orderCreated(orderId, line(product, 4), line(other, 3)));
    assertEquals(0, catalog.inventory(other.getString("id")).getInteger("available"));

    var cancelled = orderCancelled(orderId, line(product, 4), line(other, 3));
    catalog.publish(cancelled);
    catalog.publish(cancelled);
    var again = announcedAgain(cancelled);
    catalog.publish(again);
    assertNothingParked(cancelled, again);

    var inventory = catalog.inventory(product.getString("id"));
    assertEquals(10, inventory.getInteger("on_hand"));
    assertEquals(0, inventory.getInteger("reserved"));
    assertEquals(3, catalog.inventory(other.getString("id")).getInteger("available"));
    assertEquals(0, catalog.count("SELECT count(*) FROM reservations WHERE order_id = $1 AND status = 'active'", orderId));
    var released = catalog.events("stock.adjusted", product.getString("id")).stream()
      .filter(e -> e.getString("reason").equals("released")).toList();
    assertEquals(1, released.size());
    assertEquals(-4, released.get(0).getInteger("reserved_delta"));
    assertEquals(orderId.toString(), released.get(0).getString("order_id"));
  }

  @Test
  void aShipmentAndARefundDeliveredTwiceAreAppliedOnce() {
    var product = stocked(10);
    var orderId = UUID.randomUUID();
    catalog.publish(orderCreated(orderId, line(product, 4)));
    var shipped = orderShipped(orderId, line(product, 3));
    catalog.publish(shipped);
    catalog.publish(shipped);
    var refunded = orderRefunded(orderId, true, line(product, 2));
    catalog.publish(refunded);
    catalog.publish(refunded);
    // the duplicate of the refund counts as handled at once: a later event of the order waits for it
    catalog.publish(orderCancelled(orderId, line(product, 4)));
    assertNothingParked(shipped, refunded);

    var inventory = catalog.inventory(product.getString("id"));
    assertEquals(9, inventory.getInteger("on_hand"));
    assertEquals(0, inventory.getInteger("reserved"));
    var id = UUID.fromString(product.getString("id"));
    assertEquals(1, catalog.count("SELECT count(*) FROM stock_movements WHERE product_id = $1 AND reason = 'sold'", id));
    assertEquals(1, catalog.count("SELECT count(*) FROM stock_movements WHERE product_id = $1 AND reason = 'returned'", id));
  }

  @Test
  void anEventTheHandlerCanNeverApplyIsParkedAndItsReplayRefused() {
    // a malformed event (a product id that is no UUID): the handler fails on every attempt
    var orderId = UUID.randomUUID();
    var broken = CatalogSystem.ORDERS.event("order.created", orderId, new JsonObject().put("order_id", orderId.toString())
      .put("customer_id", UUID.randomUUID().toString()).put("total", CatalogSystem.money(1))
      .put("lines", new JsonArray().add(new JsonObject().put("sku", "X").put("product_id", "not-a-uuid").put("quantity", 1))));
    catalog.deliver(broken);
    var letter = waitingLetter(broken);
    assertEquals(3, letter.getInteger("attempts"));
    assertEquals(409, replay(letter.getString("id")).status());
    assertEquals(404, replay(UUID.randomUUID().toString()).status());
    assertEquals(403, catalog.send(HttpMethod.GET, "/catalog/dead-letters?state=all", null, catalog.staff, Map.of()).status());
  }

  @Test
  void anEventParkedByAFaultIsReplayedThroughTheApiAndAppliedOnce() {
    var product = stocked(5);
    var orderId = UUID.randomUUID();
    // a fault of the catalog's own database, for this order alone: its reservation cannot be written
    catalog.db.query("CREATE FUNCTION out_of_service() RETURNS trigger LANGUAGE plpgsql"
      + " AS $$ BEGIN RAISE EXCEPTION 'reservations are out of service'; END $$").execute().await();
    catalog.db.query("CREATE TRIGGER out_of_service BEFORE INSERT ON reservations FOR EACH ROW"
      + " WHEN (NEW.order_id = '" + orderId + "') EXECUTE FUNCTION out_of_service()").execute().await();
    var created = orderCreated(orderId, line(product, 2));
    catalog.publish(created);
    var letter = waitingLetter(created);
    assertEquals(3, letter.getInteger("attempts"));
    assertTrue(letter.getString("error").contains("out of service"), letter::encode);
    assertEquals(0, catalog.inventory(product.getString("id")).getInteger("reserved"));
    assertEquals(409, replay(letter.getString("id")).status(), "the fault remains: it stays parked");

    catalog.db.query("DROP TRIGGER out_of_service ON reservations").execute().await();
    var replayed = replay(letter.getString("id"));
    assertEquals(200, replayed.status(), replayed::toString);
    assertEquals(new JsonObject().put("id", letter.getString("id")).put("replayed", true).put("applied", true),
      replayed.json());
    assertEquals(2, catalog.inventory(product.getString("id")).getInteger("reserved"));
    assertEquals(1, catalog.events("stock.reserved", orderId).size());
    assertEquals(404, replay(letter.getString("id")).status(), "a replayed letter is waiting no more");
    var all = catalog.send(HttpMethod.GET, "/catalog/dead-letters?state=all&limit=100", null, catalog.admin, Map.of());
    assertNotNull(items(all).stream().filter(l -> l.getString("id").equals(letter.getString("id"))).findFirst()
      .orElseThrow().getString("replayed_at"));

    // a late redelivery of the event changes nothing
    catalog.publish(created);
    catalog.publish(announcedAgain(created));
    assertEquals(2, catalog.inventory(product.getString("id")).getInteger("reserved"));
    assertEquals(1, catalog.events("stock.reserved", orderId).size());
  }

  /** A duplicate is a no-op, not a fault. */
  void assertNothingParked(DomainEvent... events) {
    for (var event : events) {
      assertEquals(0, catalog.count("SELECT count(*) FROM dead_letters WHERE event_id = $1", event.id()), event::toString);
    }
  }

  /** The waiting dead letter of an event, as a super admin lists it. */
  JsonObject waitingLetter(DomainEvent event) {
    var list = catalog.send(HttpMethod.GET, "/catalog/dead-letters?limit=100", null, catalog.admin, Map.of());
    assertEquals(200, list.status(), list::toString);
    return items(list).stream().filter(l -> l.getJsonObject("event").getString("id").equals(event.id().toString()))
      .findFirst().orElseThrow(() -> new AssertionError("no waiting letter for " + event.id() + " in " + list));
  }

  static java.util.List<JsonObject> items(Reply page) {
    return page.json().getJsonArray("items").stream().map(JsonObject.class::cast).toList();
  }

  Reply replay(String letterId) {
    return catalog.send(HttpMethod.POST, "/catalog/dead-letters/" + letterId + "/replay", null, catalog.admin, Map.of());
  }
}
