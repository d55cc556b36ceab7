package com.shopifygenie.analytics;

import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.platform.AccessTokens;
import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.EventSource;
import com.shopifygenie.platform.EventTransport;
import com.shopifygenie.platform.EventTransports;
import com.shopifygenie.platform.Role;
import com.shopifygenie.platform.Settings;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.EventSchemas;
import com.shopifygenie.testkit.Reply;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Analytics and the gateway for a test class: staff and super admin tokens, a client that checks
 * every answer against the contract, the analytics database to look at, and the real transport to
 * publish other domains' events into, as their relays would.
 */
final class AnalyticsSystem {

  static final EventSource ORDERS = new EventSource("orders", Map.of("order", "order-events", "payment", "payment-events"));
  static final EventSource CATALOG = new EventSource("catalog", Map.of("product", "catalog-events", "stock", "inventory-events"));

  final Vertx vertx;
  final TestSystem system;
  final ApiClient api;
  final Pool db;
  final EventTransport transport;
  final String staff;
  final String superAdmin;
  final String customer;

  private AnalyticsSystem(Vertx vertx, TestSystem system, Map<String, Object> settings) {
    this.vertx = vertx;
    this.system = system;
    settings.forEach((path, value) -> Settings.put(system.settings(), path, value));
    system.deploy(AnalyticsVerticle::new, GatewayVerticle::new);
    api = system.client();
    var tokens = AccessTokens.load(vertx, system.settings(), true).await();
    staff = tokens.issue(UUID.randomUUID(), Role.STAFF);
    superAdmin = tokens.issue(UUID.randomUUID(), Role.SUPER_ADMIN);
    customer = tokens.issue(UUID.randomUUID(), Role.CUSTOMER);
    var db = system.settings().getJsonObject("db");
    this.db = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
      .connectingTo(PgConnectOptions.fromUri(db.getString("url")).setDatabase(db.getString("prefix") + "analytics"))
      .using(vertx).build();
    transport = EventTransports.create(vertx, system.settings());
  }

  static AnalyticsSystem start(Vertx vertx, Map<String, Object> settings) {
    return new AnalyticsSystem(vertx, TestSystem.create(vertx), settings);
  }

  static AnalyticsSystem startOnKafka(Vertx vertx, Map<String, Object> settings) {
    return new AnalyticsSystem(vertx, TestSystem.withKafka(vertx), settings);
  }

  void stop() {
    transport.close().await();
    db.close().await();
    system.stop();
  }

  Reply get(String path, String token) {
    return api.sendAsync(HttpMethod.GET, path, null, null, Map.of("Authorization", "Bearer " + token)).await();
  }

  Reply post(String path, String token) {
    return api.sendAsync(HttpMethod.POST, path, null, null, Map.of("Authorization", "Bearer " + token)).await();
  }

  /** A rebuild started (202, its Location) and followed there until it ended; its last answer, done. */
  JsonObject rebuild() {
    var started = post("/analytics/rebuild", superAdmin);
    assertEquals(202, started.status(), started::toString);
    var location = started.headers().get("Location");
    assertEquals("/analytics/rebuilds/" + started.json().getString("id"), location);
    var rebuild = new JsonObject[] {started.json()};
    eventually(() -> !"running".equals((rebuild[0] = ok(get(location, superAdmin))).getString("state")));
    assertEquals("done", rebuild[0].getString("state"), rebuild[0]::encode);
    return rebuild[0];
  }

  static JsonObject ok(Reply reply) {
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  static void assertProblem(int status, String field, String rule, Reply reply) {
    assertEquals(status, reply.status(), reply::toString);
    var error = reply.json().getJsonArray("errors").getJsonObject(0);
    assertEquals(field, error.getString("field"), reply::toString);
    assertEquals(rule, error.getString("rule"), reply::toString);
  }

  /** Two connections of its own to the analytics database of a system a test deployed. */
  static Pool analyticsPool(Vertx vertx, TestSystem system) {
    var db = system.settings().getJsonObject("db");
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
      .connectingTo(PgConnectOptions.fromUri(db.getString("url")).setDatabase(db.getString("prefix") + "analytics"))
      .using(vertx).build();
  }

  /** The handlers the inbox runs, to apply events straight in transactions of a test's own. */
  static AnalyticsEventHandlers handlers() {
    return new AnalyticsEventHandlers(new EventLog(), new SalesStore(), new BasketStore(), new ProductStore(),
      new OrderStore(), new ShopCalendar(ZoneOffset.UTC, Clock.systemUTC()), "USD");
  }

  // --- events

  /** Publishes another domain's event into the transport and waits until analytics applied or parked it. */
  void publish(EventSource source, DomainEvent event) {
    EventSchemas.assertValid(vertx, event);
    transport.publish(source.topicOf(event.type()), List.of(event)).await();
    eventually(() -> count("SELECT (SELECT count(*) FROM inbox WHERE event_id = $1)"
      + " + (SELECT count(*) FROM dead_letters WHERE event_id = $1)", event.id()) > 0);
  }

  static DomainEvent at(DomainEvent event, OffsetDateTime time) {
    return new DomainEvent(event.id(), event.source(), event.type(), event.subject(), time, event.data());
  }

  static JsonObject money(long amount) {
    return new JsonObject().put("amount", amount).put("currency", "USD");
  }

  /** A line of an order: product, quantity, unit price. */
  static JsonObject line(UUID productId, int quantity, long unitPrice) {
    return new JsonObject().put("sku", "SKU-" + productId.toString().substring(32)).put("product_id", productId.toString())
      .put("quantity", quantity).put("unit_price", money(unitPrice));
  }

  static DomainEvent payment(UUID customerId, UUID orderId, OffsetDateTime at, JsonObject... lines) {
    long amount = 0;
    var all = new JsonArray();
    for (var l : lines) {
      amount += l.getLong("quantity") * l.getJsonObject("unit_price").getLong("amount");
      all.add(l);
    }
    return at(ORDERS.event("payment.processed", orderId, new JsonObject().put("order_id", orderId.toString())
      .put("payment_id", UUID.randomUUID().toString()).put("customer_id", customerId.toString())
      .put("amount", amount).put("currency", "USD").put("provider", "test")
      .put("method", new JsonObject().put("type", "card").put("brand", "visa").put("last4", "4242")
        .put("exp_month", 12).put("exp_year", 2030))
      .put("lines", all)), at);
  }

  static DomainEvent refund(UUID customerId, UUID orderId, long amount, long paid, OffsetDateTime at) {
    return at(ORDERS.event("order.refunded", orderId, new JsonObject().put("order_id", orderId.toString())
      .put("customer_id", customerId.toString()).put("refund_id", UUID.randomUUID().toString())
      .put("payment_id", UUID.randomUUID().toString()).put("amount", amount).put("currency", "USD")
      .put("paid_amount", paid).put("refunded_total", amount).put("reason", "test refund")
      .put("cause", "refund").put("lines", new JsonArray())), at);
  }

  static DomainEvent productCreated(UUID productId, String sku, String title) {
    return CATALOG.event("product.created", productId, new JsonObject().put("product_id", productId.toString())
      .put("sku", sku).put("title", title).put("status", "active").put("price", money(1000)).put("unit_cost", money(400)));
  }

  static DomainEvent stockAdjusted(UUID productId, String sku, int available) {
    return CATALOG.event("stock.adjusted", productId, new JsonObject().put("product_id", productId.toString())
      .put("sku", sku).put("delta", available).put("reserved_delta", 0).put("reason", "received")
      .put("on_hand", available).put("reserved", 0).put("available", available).put("unit_cost", money(400)));
  }

  static DomainEvent stockLow(UUID productId, String sku, int available, int reorderPoint) {
    return CATALOG.event("stock.low", productId, new JsonObject().put("product_id", productId.toString())
      .put("sku", sku).put("available", available).put("reorder_point", reorderPoint).put("reorder_quantity", 20));
  }

  long count(String sql, Object... params) {
    return db.preparedQuery(sql).execute(Tuple.from(params)).await().iterator().next().getLong(0);
  }
}
