package com.shopifygenie.orders;

import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.EventSource;
import com.shopifygenie.platform.LocalEventTransport;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.Reply;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payment, shipments, delivery, refunds and the cancellation of a paid order, through HTTP.
 * Catalog's side (products, reservations) is published into the real local transport, as
 * catalog's relay would.
 */
@ExtendWith(VertxExtension.class)
class OrderLifecycleTest {

  static final EventSource CATALOG = new EventSource("catalog", Map.of("product", "catalog-events", "stock", "inventory-events"));
  static final String VISA = "4242424242424242";

  static TestSystem system;
  static ApiClient api;
  static Pool db;
  static LocalEventTransport catalog;
  static String staff;
  static String customer;

  @BeforeAll
  static void start(Vertx vertx) {
    system = TestSystem.create(vertx).deploy(AuthVerticle::new, OrdersVerticle::new, GatewayVerticle::new);
    api = system.client();
    var settings = system.settings().getJsonObject("db");
    db = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(settings.getString("url"))
      .setDatabase(settings.getString("prefix") + "orders")).using(vertx).build();
    catalog = new LocalEventTransport(vertx);
    staff = api.post("/auth/login", new JsonObject().put("email", TestSettings.ADMIN_EMAIL)
      .put("password", TestSettings.ADMIN_PASSWORD)).json().getString("access_token");
    var email = "c-" + UUID.randomUUID() + "@example.com";
    api.post("/auth/register", new JsonObject().put("email", email).put("password", "password-1"));
    customer = api.post("/auth/login", new JsonObject().put("email", email).put("password", "password-1"))
      .json().getString("access_token");
    product("MUG", 1299, 500);
    product("TEE", 2500, 900);
  }

  @AfterAll
  static void stop() {
    db.close().await();
    system.stop();
  }

  static void product(String sku, long price, long cost) {
    var data = new JsonObject().put("product_id", UUID.randomUUID().toString()).put("sku", sku).put("title", sku)
      .put("status", "active").put("price", new JsonObject().put("amount", price).put("currency", "USD"))
      .put("unit_cost", new JsonObject().put("amount", cost).put("currency", "USD"));
    publish(CATALOG.event("product.created", data.getString("product_id"), data));
  }

  static void publish(DomainEvent event) {
    catalog.publish(CATALOG.topicOf(event.type()), List.of(event)).await();
  }

  /** A confirmed order of 3 MUG and 2 TEE (3 * 1299 + 2 * 2500 = 8897 USD cents). */
  static String confirmedOrder() {
    var lines = new JsonArray().add(new JsonObject().put("sku", "MUG").put("quantity", 3))
      .add(new JsonObject().put("sku", "TEE").put("quantity", 2));
    var created = api.post("/orders", new JsonObject().put("lines", lines), customer);
    assertEquals(201, created.status(), created::toString);
    var id = created.json().getString("id");
    publish(CATALOG.event("stock.reserved", id, new JsonObject().put("order_id", id).put("lines", lines)));
    assertEquals("confirmed", order(id).getString("status"));
    return id;
  }

  static String stranger() {
    var email = "s-" + UUID.randomUUID() + "@example.com";
    api.post("/auth/register", new JsonObject().put("email", email).put("password", "password-1"));
    return api.post("/auth/login", new JsonObject().put("email", email).put("password", "password-1"))
      .json().getString("access_token");
  }

  static JsonObject order(String id) {
    return api.get("/orders/" + id, staff).json();
  }

  static JsonObject card(String number) {
    return new JsonObject().put("number", number).put("exp_month", 12).put("exp_year", 2031).put("cvc", "931");
  }

  static Reply pay(String orderId, JsonObject card, long amount, String token, String key) {
    var body = new JsonObject().put("amount", usd(amount)).put("card", card);
    return send(HttpMethod.POST, "/orders/" + orderId + "/payments", body, token, key);
  }

  static Reply ship(String orderId, Object... skuQuantity) {
    var lines = new JsonArray();
    for (int i = 0; i < skuQuantity.length; i += 2) {
      lines.add(new JsonObject().put("sku", skuQuantity[i]).put("quantity", skuQuantity[i + 1]));
    }
    return api.post("/orders/" + orderId + "/shipments", new JsonObject().put("carrier", "UPS")
      .put("tracking_number", "1Z" + UUID.randomUUID().toString().substring(0, 8)).put("lines", lines), staff);
  }

  static Reply refund(String orderId, JsonObject body) {
    return send(HttpMethod.POST, "/orders/" + orderId + "/refunds", body.put("reason", body.getString("reason", "damaged")),
      staff, UUID.randomUUID().toString());
  }

  static Reply send(HttpMethod method, String path, JsonObject body, String token, String key) {
    var headers = new HashMap<String, String>(Map.of("Authorization", "Bearer " + token));
    if (key != null) {
      headers.put("Idempotency-Key", key);
    }
    return api.send(method, path, body.toBuffer(), "application/json", headers);
  }

  static JsonObject usd(long amount) {
    return new JsonObject().put("amount", amount).put("currency", "USD");
  }

  static List<JsonObject> events(String type, String orderId) {
    var rows = db.preparedQuery("SELECT data FROM outbox WHERE type = $1 AND subject = $2 ORDER BY id")
      .execute(Tuple.of("shopifygenie." + type, orderId)).await();
    var all = new java.util.ArrayList<JsonObject>();
    rows.forEach(r -> all.add(r.getJsonObject("data")));
    return all;
  }

  static void assertProblem(Reply reply, int status, String field, String rule) {
    assertEquals(status, reply.status(), reply::toString);
    var error = reply.json().getJsonArray("errors").getJsonObject(0);
    assertEquals(field, error.getString("field"), reply::toString);
    assertEquals(rule, error.getString("rule"), reply::toString);
  }

  @Test
  void eachTestCardAnswersAsTheProviderSaysAndOnlyTheSuccessPays() {
    var id = confirmedOrder();
    var declined = pay(id, card("4000000000000002"), 8897, customer, UUID.randomUUID().toString());
    assertEquals(402, declined.status(), declined::toString);
    assertEquals(402, pay(id, card("4000000000009995"), 8897, customer, UUID.randomUUID().toString()).status());
    var error = pay(id, card("4000000000000119"), 8897, customer, UUID.randomUUID().toString());
    assertEquals(502, error.status(), error::toString);
    assertEquals("confirmed", order(id).getString("status"), "a failed payment leaves the order payable");

    var paid = pay(id, card(VISA), 8897, customer, UUID.randomUUID().toString());
    assertEquals(201, paid.status(), paid::toString);
    assertEquals("succeeded", paid.json().getString("status"));
    assertEquals(new JsonObject().put("type", "card").put("brand", "visa").put("last4", "4242").put("exp_month", 12)
      .put("exp_year", 2031), paid.json().getJsonObject("method"));
    var order = order(id);
    assertEquals("paid", order.getString("status"));
    assertEquals(usd(8897), order.getJsonObject("paid"));
    var last = order.getJsonArray("status_history").getJsonObject(2);
    assertEquals("paid", last.getString("to"));
    assertEquals("paid by visa card ending 4242", last.getString("cause"));

    var again = pay(id, card(VISA), 8897, customer, UUID.randomUUID().toString());
    assertEquals(409, again.status(), again::toString);
    assertTrue(again.json().getString("detail").contains("paid"), again::toString);

    var listed = api.get("/orders?status=paid&limit=100", customer).json().getJsonArray("items");
    assertTrue(listed.stream().anyMatch(o -> ((JsonObject) o).getString("id").equals(id)), "listed by its new status");
    assertEquals(404, api.get("/orders/" + id + "/payments", stranger()).status(), "another customer's order");
    assertEquals(404, pay(id, card(VISA), 8897, stranger(), UUID.randomUUID().toString()).status());

    var payments = api.get("/orders/" + id + "/payments", customer).json().getJsonArray("items");
    assertEquals(List.of("failed", "failed", "failed", "succeeded"),
      payments.stream().map(p -> ((JsonObject) p).getString("status")).toList());
    assertEquals(List.of("card_declined", "insufficient_funds", "processing_error"),
      payments.stream().limit(3).map(p -> ((JsonObject) p).getString("failure_reason")).toList());
    var failed = events("payment.failed", id);
    assertEquals(List.of(false, false, true), failed.stream().map(e -> e.getBoolean("retryable")).toList());
    var processed = events("payment.processed", id);
    assertEquals(1, processed.size());
    assertEquals(8897, processed.get(0).getLong("amount"));
    assertEquals(2, processed.get(0).getJsonArray("lines").size());
  }

  @Test
  void aBadCardOrAmountIsRefusedNamingTheFieldAndRule() {
    var id = confirmedOrder();
    assertProblem(pay(id, card("4242424242424241"), 8897, customer, "k1"), 400, "/card/number", "luhn");
    assertProblem(pay(id, card(VISA).put("exp_year", 2020), 8897, customer, "k2"), 400, "/card/exp_year", "not-expired");
    assertProblem(pay(id, card(VISA), 8896, customer, "k3"), 422, "/amount", "order-total");
    assertEquals(400, pay(id, card(VISA), 8897, customer, null).status(), "the Idempotency-Key is required");
    assertEquals(400, pay(id, card(VISA).put("cvc", "12"), 8897, customer, "k4").status());
    var pending = api.post("/orders", new JsonObject().put("lines", new JsonArray()
      .add(new JsonObject().put("sku", "MUG").put("quantity", 1))), customer).json().getString("id");
    var early = pay(pending, card(VISA), 1299, customer, "k5");
    assertEquals(409, early.status(), early::toString);
    assertTrue(early.json().getString("detail").startsWith("A pending order"), early::toString);
    assertEquals(0, db.preparedQuery("SELECT count(*) FROM payments WHERE order_id = $1")
      .execute(Tuple.of(UUID.fromString(id))).await().iterator().next().getLong(0));
  }

  @Test
  void aRetriedPaymentAnswersTheFirstAndChargesOnce() {
    var id = confirmedOrder();
    var key = UUID.randomUUID().toString();
    var first = pay(id, card(VISA), 8897, customer, key);
    var retry = pay(id, card(VISA), 8897, customer, key);
    assertEquals(201, retry.status(), retry::toString);
    assertEquals(first.json(), retry.json());
    assertEquals("true", retry.header("Idempotent-Replayed"));
    assertEquals(1, api.get("/orders/" + id + "/payments", customer).json().getJsonArray("items").size());
  }

  @Test
  void shipmentsFollowTheOrderToDelivery() {
    var id = confirmedOrder();
    assertEquals(409, ship(id, "MUG", 1).status(), "a confirmed order does not ship");
    pay(id, card(VISA), 8897, customer, UUID.randomUUID().toString());
    assertEquals(403, api.post("/orders/" + id + "/shipments", new JsonObject().put("carrier", "UPS")
      .put("tracking_number", "1").put("lines", new JsonArray().add(new JsonObject().put("sku", "MUG").put("quantity", 1))),
      customer).status());
    var first = ship(id, "MUG", 2, "TEE", 2);
    assertEquals(201, first.status(), first::toString);
    assertEquals("partially_shipped", order(id).getString("status"));
    assertProblem(ship(id, "MUG", 2), 409, "/lines/0/quantity", "unshipped");
    assertProblem(ship(id, "TEE", 1), 409, "/lines/0/quantity", "unshipped");
    assertProblem(ship(id, "HAT", 1), 422, "/lines/0/sku", "order-line");
    var second = ship(id, "MUG", 1);
    assertEquals(201, second.status(), second::toString);
    assertEquals("shipped", order(id).getString("status"));

    var shipped = events("order.shipped", id);
    assertEquals(List.of(false, true), shipped.stream().map(e -> e.getBoolean("fully_shipped")).toList());
    var mug = shipped.get(0).getJsonArray("lines").getJsonObject(0);
    assertEquals(usd(1299), mug.getJsonObject("unit_price"));
    assertEquals(usd(500), mug.getJsonObject("unit_cost"));

    var firstId = first.json().getString("id");
    var secondId = second.json().getString("id");
    assertEquals("in_transit", move(id, firstId, "in_transit").json().getString("status"));
    assertEquals(200, move(id, firstId, "delivered").status());
    assertProblem(move(id, firstId, "in_transit"), 409, "/status", "shipment-status");
    assertEquals("shipped", order(id).getString("status"), "one shipment is still on its way");
    assertEquals(0, events("order.delivered", id).size());
    assertEquals(200, move(id, secondId, "delivered").status());
    var order = order(id);
    assertEquals("delivered", order.getString("status"));
    assertEquals(List.of("pending", "confirmed", "paid", "partially_shipped", "shipped", "delivered"),
      order.getJsonArray("status_history").stream().map(h -> ((JsonObject) h).getString("to")).toList());
    var delivered = events("order.delivered", id);
    assertEquals(1, delivered.size());
    assertEquals(secondId, delivered.get(0).getString("shipment_id"));
    assertEquals(2, api.get("/orders/" + id + "/shipments", customer).json().getJsonArray("items").size());
    assertEquals(404, move(id, UUID.randomUUID().toString(), "delivered").status());

    // a created shipment's Location reads it back, for its order only
    var located = api.get(first.header("Location"), customer);
    assertEquals(200, located.status(), located::toString);
    assertEquals(firstId, located.json().getString("id"));
    assertEquals("delivered", located.json().getString("status"));
    assertEquals(404, api.get("/orders/" + confirmedOrder() + "/shipments/" + firstId, staff).status());
    assertEquals(404, api.get("/orders/" + id + "/shipments/" + UUID.randomUUID(), staff).status());
  }

  static Reply move(String orderId, String shipmentId, String status) {
    return api.patch("/orders/" + orderId + "/shipments/" + shipmentId, new JsonObject().put("status", status), staff);
  }

  @Test
  void refundsNeverExceedWhatWasPaidAndMoveTheStatus() {
    var id = confirmedOrder();
    assertEquals(409, refund(id, new JsonObject().put("amount", usd(100))).status(), "nothing was paid");
    pay(id, card(VISA), 8897, customer, UUID.randomUUID().toString());
    ship(id, "MUG", 3, "TEE", 2);
    assertProblem(refund(id, new JsonObject().put("amount", usd(100)).put("lines", new JsonArray())), 400, "/lines",
      "minItems");
    assertProblem(refund(id, new JsonObject()), 400, "/lines", "lines-or-amount");
    var byLine = refund(id, new JsonObject().put("lines", new JsonArray()
      .add(new JsonObject().put("sku", "MUG").put("quantity", 1).put("restock", true))));
    assertEquals(201, byLine.status(), byLine::toString);
    assertEquals(usd(1299), byLine.json().getJsonObject("amount"));
    assertEquals("partially_refunded", order(id).getString("status"));
    assertProblem(refund(id, new JsonObject().put("lines", new JsonArray()
      .add(new JsonObject().put("sku", "MUG").put("quantity", 3).put("restock", true)))), 409, "/lines/0/quantity",
      "returnable");
    assertProblem(refund(id, new JsonObject().put("amount", usd(8897 - 1299 + 1))), 409, "/amount/amount", "refundable");
    assertEquals(201, refund(id, new JsonObject().put("amount", usd(8897 - 1299))).status());
    var order = order(id);
    assertEquals("refunded", order.getString("status"));
    assertEquals(usd(8897), order.getJsonObject("refunded"));
    var last = refund(id, new JsonObject().put("amount", usd(1)));
    assertEquals(409, last.status());
    assertTrue(last.json().getString("detail").startsWith("A refunded order"), last::toString);
    var refunded = events("order.refunded", id);
    assertEquals(List.of(1299L, 8897L), refunded.stream().map(e -> e.getLong("refunded_total")).toList());
    assertEquals(1, refunded.get(0).getJsonArray("lines").size());
    assertTrue(refunded.get(1).getJsonArray("lines").isEmpty());
    assertEquals(2, api.get("/orders/" + id + "/refunds", customer).json().getJsonArray("items").size());

    // a created refund's Location reads it back, lines and all, for its order only
    var located = api.get(byLine.header("Location"), customer);
    assertEquals(200, located.status(), located::toString);
    assertEquals(byLine.json(), located.json());
    var refundId = byLine.json().getString("id");
    assertEquals("/orders/" + id + "/refunds/" + refundId, byLine.header("Location"));
    assertEquals(404, api.get("/orders/" + confirmedOrder() + "/refunds/" + refundId, staff).status());
    assertEquals(404, api.get("/orders/" + id + "/refunds/" + UUID.randomUUID(), staff).status());
  }

  @Test
  void refundingEverythingWhileUnitsWaitToShipIsRefusedCancellingRefundsThem() {
    var id = confirmedOrder();
    pay(id, card(VISA), 8897, customer, UUID.randomUUID().toString());
    ship(id, "MUG", 1);
    assertProblem(refund(id, new JsonObject().put("amount", usd(8897))), 409, "/amount/amount", "refundable");
    var cancelled = api.post("/orders/" + id + "/cancel", new JsonObject().put("reason", "out of patience"), customer);
    assertEquals(200, cancelled.status(), cancelled::toString);
    assertEquals("cancelled", cancelled.json().getString("status"));
    // 2 MUG and 2 TEE never shipped: 2 * 1299 + 2 * 2500
    assertEquals(usd(7598), cancelled.json().getJsonObject("refunded"));
    var refund = api.get("/orders/" + id + "/refunds", staff).json().getJsonArray("items").getJsonObject(0);
    assertEquals("cancellation", refund.getString("cause"));
    assertEquals(usd(7598), refund.getJsonObject("amount"));
    var event = events("order.refunded", id).get(0);
    assertEquals("cancellation", event.getString("cause"));
    assertTrue(event.getJsonArray("lines").stream().noneMatch(l -> ((JsonObject) l).getBoolean("restock")));
    var cancel = events("order.cancelled", id).get(0);
    assertEquals("partially_shipped", cancel.getString("previous_status"));
    assertEquals(new JsonArray().add(new JsonObject().put("sku", "MUG").put("quantity", 2))
      .add(new JsonObject().put("sku", "TEE").put("quantity", 2)), cancel.getJsonArray("lines"),
      "only the units released: the shipped one never is");
    assertEquals(409, ship(id, "MUG", 1).status(), "a cancelled order ships no more");

    // the shipped unit comes back: refunded, and the order stays cancelled
    var returned = refund(id, new JsonObject().put("lines", new JsonArray()
      .add(new JsonObject().put("sku", "MUG").put("quantity", 1).put("restock", true))));
    assertEquals(201, returned.status(), returned::toString);
    var after = order(id);
    assertEquals("cancelled", after.getString("status"));
    assertEquals(usd(8897), after.getJsonObject("refunded"));
    assertProblem(refund(id, new JsonObject().put("amount", usd(1))), 409, "/amount/amount", "refundable");
  }

  /**
   * 3 MUG and 2 TEE paid (8897); 1 MUG shipped and came back (1299): the refunds' 409s say to
   * cancel for the 2 MUG and 2 TEE that did not ship, and cancelling refunds them (7598) and
   * releases them, nothing refunded twice.
   */
  @Test
  void aPartlyShippedOrderWithAPartialRefundIsCancelledForWhatDidNotShip() {
    var id = confirmedOrder();
    pay(id, card(VISA), 8897, customer, UUID.randomUUID().toString());
    ship(id, "MUG", 1);
    assertEquals(201, refund(id, new JsonObject().put("reason", "returned").put("lines", new JsonArray()
      .add(new JsonObject().put("sku", "MUG").put("quantity", 1).put("restock", true)))).status());
    assertEquals("partially_refunded", order(id).getString("status"));
    assertProblem(refund(id, new JsonObject().put("amount", usd(8897 - 1299))), 409, "/amount/amount", "refundable");
    assertProblem(refund(id, new JsonObject().put("lines", new JsonArray()
      .add(new JsonObject().put("sku", "TEE").put("quantity", 1).put("restock", false)))), 409, "/lines/0/quantity",
      "returnable");

    var cancelled = api.post("/orders/" + id + "/cancel", new JsonObject().put("reason", "rest not wanted"), customer);
    assertEquals(200, cancelled.status(), cancelled::toString);
    var order = cancelled.json();
    assertEquals("cancelled", order.getString("status"));
    assertEquals(usd(8897), order.getJsonObject("paid"));
    assertEquals(usd(8897), order.getJsonObject("refunded"));
    var history = order.getJsonArray("status_history");
    var last = history.getJsonObject(history.size() - 1);
    assertEquals(List.of("partially_refunded", "cancelled", "cancelled by the customer: rest not wanted; refunded 7598 USD"),
      List.of(last.getString("from"), last.getString("to"), last.getString("cause")));
    var refunds = api.get("/orders/" + id + "/refunds", staff).json().getJsonArray("items");
    assertEquals(List.of("refund", "cancellation"), refunds.stream().map(r -> ((JsonObject) r).getString("cause")).toList());
    assertEquals(new JsonArray()
        .add(new JsonObject().put("sku", "MUG").put("quantity", 2).put("restock", false).put("amount", usd(2598)))
        .add(new JsonObject().put("sku", "TEE").put("quantity", 2).put("restock", false).put("amount", usd(5000))),
      refunds.getJsonObject(1).getJsonArray("lines"));
    var refunded = events("order.refunded", id);
    assertEquals(List.of(1299L, 8897L), refunded.stream().map(e -> e.getLong("refunded_total")).toList());
    var cancel = events("order.cancelled", id);
    assertEquals(1, cancel.size());
    assertEquals("partially_refunded", cancel.get(0).getString("previous_status"));
    assertEquals(new JsonArray().add(new JsonObject().put("sku", "MUG").put("quantity", 2))
      .add(new JsonObject().put("sku", "TEE").put("quantity", 2)), cancel.get(0).getJsonArray("lines"));
    assertEquals(409, api.post("/orders/" + id + "/cancel", new JsonObject(), customer).status());
    assertEquals(409, ship(id, "TEE", 1).status(), "a cancelled order ships no more");
    assertProblem(refund(id, new JsonObject().put("amount", usd(1))), 409, "/amount/amount", "refundable");
  }

  /** Every unit shipped: a partially refunded order is refunded further, never cancelled. */
  @Test
  void aPartiallyRefundedOrderThatShippedInFullIsNotCancelled() {
    var id = confirmedOrder();
    pay(id, card(VISA), 8897, customer, UUID.randomUUID().toString());
    ship(id, "MUG", 3, "TEE", 2);
    assertEquals(201, refund(id, new JsonObject().put("amount", usd(100))).status());
    assertEquals("partially_refunded", order(id).getString("status"));
    var refused = api.post("/orders/" + id + "/cancel", new JsonObject(), customer);
    assertEquals(409, refused.status(), refused::toString);
    assertTrue(refused.json().getString("detail").startsWith("A partially_refunded order cannot be cancelled"), refused::toString);
    assertEquals("partially_refunded", order(id).getString("status"));
    assertTrue(events("order.cancelled", id).isEmpty());
  }

  @Test
  void aCancelledOrderThatWasNeverPaidRefundsNothing() {
    var id = confirmedOrder();
    assertEquals(200, api.post("/orders/" + id + "/cancel", new JsonObject(), customer).status());
    for (var body : List.of(new JsonObject().put("amount", usd(1)), new JsonObject(), new JsonObject().put("lines",
        new JsonArray().add(new JsonObject().put("sku", "MUG").put("quantity", 1).put("restock", false))))) {
      var refused = refund(id, body);
      assertEquals(409, refused.status(), refused::toString);
      assertEquals("A cancelled order cannot be refunded: it was never paid", refused.json().getString("detail"));
    }
  }
}
