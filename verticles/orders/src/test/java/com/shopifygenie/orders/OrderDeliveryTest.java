package com.shopifygenie.orders;

import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.platform.AccessTokens;
import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.EventSource;
import com.shopifygenie.platform.EventTransport;
import com.shopifygenie.platform.EventTransports;
import com.shopifygenie.platform.PageCursor;
import com.shopifygenie.platform.Role;
import com.shopifygenie.platform.Settings;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.EventSchemas;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What reaches orders twice, or cannot be applied, is applied once: duplicate stock events, and
 * dead letters listed and replayed through the API. Run once per transport by the subclasses.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OrderDeliveryTest {

  /** The catalog, as orders hears from it. */
  static final EventSource CATALOG = new EventSource("catalog", Map.of("product", "catalog-events", "stock", "inventory-events"));

  Vertx vertx;
  TestSystem system;
  ApiClient api;
  Pool db;
  EventTransport catalog;
  String admin;
  String customer;

  abstract TestSystem newSystem(Vertx vertx);

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    system = newSystem(vertx);
    // dead-letter tests should not wait out the production backoff
    Settings.put(system.settings(), "events.first_backoff_ms", 5);
    Settings.put(system.settings(), "events.max_attempts", 3);
    system.deploy(AuthVerticle::new, OrdersVerticle::new, GatewayVerticle::new);
    api = system.client();
    var settings = system.settings().getJsonObject("db");
    db = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(settings.getString("url"))
      .setDatabase(settings.getString("prefix") + "orders")).using(vertx).build();
    // the transport the system runs on, as catalog's relay would publish into it
    catalog = EventTransports.create(vertx, system.settings());
    admin = api.post("/auth/login", new JsonObject().put("email", TestSettings.ADMIN_EMAIL)
      .put("password", TestSettings.ADMIN_PASSWORD)).json().getString("access_token");
    customer = AccessTokens.load(vertx, system.settings(), true).await().issue(UUID.randomUUID(), Role.CUSTOMER);
    var product = new JsonObject().put("product_id", UUID.randomUUID().toString()).put("sku", "MUG").put("title", "Mug")
      .put("status", "active").put("price", new JsonObject().put("amount", 1299).put("currency", "USD"))
      .put("unit_cost", new JsonObject().put("amount", 500).put("currency", "USD"));
    deliver(CATALOG.event("product.created", product.getString("product_id"), product));
  }

  @AfterAll
  void stop() {
    catalog.close().await();
    db.close().await();
    system.stop();
  }

  /**
   * Publishes and waits until orders applied or parked the event. A second delivery of an event
   * id counts as handled at once: follow it with another event of the same subject to wait for it.
   */
  void deliver(DomainEvent event) {
    EventSchemas.assertValid(vertx, event);
    catalog.publish(CATALOG.topicOf(event.type()), List.of(event)).await();
    eventually(() -> count("SELECT (SELECT count(*) FROM inbox WHERE event_id = $1)"
      + " + (SELECT count(*) FROM dead_letters WHERE event_id = $1)", event.id()) > 0);
  }

  long count(String sql, Object... params) {
    return db.preparedQuery(sql).execute(Tuple.from(params)).await().iterator().next().getLong(0);
  }

  String pendingOrder() {
    var body = new JsonObject().put("lines", new JsonArray().add(new JsonObject().put("sku", "MUG").put("quantity", 2)));
    var created = api.post("/orders", body, customer);
    assertEquals(201, created.status(), created::toString);
    return created.json().getString("id");
  }

  static DomainEvent stockReserved(String orderId) {
    return CATALOG.event("stock.reserved", orderId, new JsonObject().put("order_id", orderId)
      .put("lines", new JsonArray().add(new JsonObject().put("sku", "MUG").put("quantity", 2))));
  }

  static DomainEvent announcedAgain(DomainEvent event) {
    return new DomainEvent(UUID.randomUUID(), event.source(), event.type(), event.subject(), event.time(), event.data());
  }

  /** Confirmed once: one transition, one order.confirmed, nothing parked. */
  void assertConfirmedOnce(String orderId) {
    var order = api.get("/orders/" + orderId, customer).json();
    assertEquals("confirmed", order.getString("status"));
    assertEquals(2, order.getJsonArray("status_history").size(), order::encode);
    assertEquals(1, count("SELECT count(*) FROM outbox WHERE type = 'shopifygenie.order.confirmed' AND subject = $1",
      orderId));
  }

  @Test
  void aDuplicateStockReservationConfirmsOnce() {
    var orderId = pendingOrder();
    var reserved = stockReserved(orderId);
    deliver(reserved);
    deliver(reserved);
    var again = announcedAgain(reserved);
    deliver(again);
    assertConfirmedOnce(orderId);
    assertEquals(0, count("SELECT count(*) FROM dead_letters WHERE event_id = ANY($1)",
      (Object) new UUID[] {reserved.id(), again.id()}), "a duplicate is a no-op, not a fault");
  }

  @Test
  void anEventParkedByAFaultIsListedAndReplayedThroughTheApiOnce() {
    var orderId = pendingOrder();
    // a fault of the orders database, for this order alone: its confirmation cannot be written
    db.query("CREATE FUNCTION out_of_service() RETURNS trigger LANGUAGE plpgsql"
      + " AS $$ BEGIN RAISE EXCEPTION 'history is out of service'; END $$").execute().await();
    db.query("CREATE TRIGGER out_of_service BEFORE INSERT ON order_status_history FOR EACH ROW"
      + " WHEN (NEW.order_id = '" + orderId + "' AND NEW.to_status = 'confirmed') EXECUTE FUNCTION out_of_service()")
      .execute().await();
    var reserved = stockReserved(orderId);
    deliver(reserved);

    var list = api.get("/orders/dead-letters?limit=100", admin);
    assertEquals(200, list.status(), list::toString);
    var letter = list.json().getJsonArray("items").stream().map(JsonObject.class::cast)
      .filter(l -> l.getJsonObject("event").getString("id").equals(reserved.id().toString())).findFirst().orElseThrow();
    assertEquals(3, letter.getInteger("attempts"));
    assertTrue(letter.getString("error").contains("out of service"), letter::encode);
    assertEquals("pending", api.get("/orders/" + orderId, customer).json().getString("status"));
    assertEquals(403, api.get("/orders/dead-letters", customer).status());
    var id = letter.getString("id");
    assertEquals(409, replay(id).status(), "the fault remains: it stays parked");

    db.query("DROP TRIGGER out_of_service ON order_status_history").execute().await();
    var replayed = replay(id);
    assertEquals(200, replayed.status(), replayed::toString);
    assertEquals(new JsonObject().put("id", id).put("replayed", true).put("applied", true), replayed.json());
    assertConfirmedOnce(orderId);
    assertEquals(404, replay(id).status(), "a replayed letter is waiting no more");
    assertEquals(404, replay(UUID.randomUUID().toString()).status());

    // a late redelivery changes nothing
    deliver(reserved);
    deliver(announcedAgain(reserved));
    assertConfirmedOnce(orderId);
  }

  /** Every domain's dead letters are one operation at one path: a cursor names its domain too. */
  @Test
  void aCursorOfAnotherDomainsDeadLettersIsA400() {
    var place = new PageCursor(OffsetDateTime.now(ZoneOffset.UTC), UUID.randomUUID());
    assertEquals(200, api.get("/orders/dead-letters?cursor=" + place.encode("orders.listDeadLetters"), admin).status());
    var foreign = api.get("/orders/dead-letters?cursor=" + place.encode("catalog.listDeadLetters"), admin);
    assertEquals(400, foreign.status(), foreign::toString);
    assertEquals("query.cursor", foreign.json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  Reply replay(String letterId) {
    return api.send(HttpMethod.POST, "/orders/dead-letters/" + letterId + "/replay", null, null,
      Map.of("Authorization", "Bearer " + admin));
  }
}
