package com.shopifygenie.catalog;

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
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The catalog behind a gateway for a test class: tokens for each role, a client that checks
 * every answer against the contract, the catalog's own database to look at, and a real
 * event transport to publish order events into.
 */
final class CatalogSystem {

  final Vertx vertx;
  final TestSystem system;
  final ApiClient api;
  final Pool db;
  final EventTransport transport;
  final String staff;
  final String admin;
  final String customer;

  private CatalogSystem(Vertx vertx, TestSystem system) {
    this.vertx = vertx;
    this.system = system;
    // dead-letter tests should not wait out the production backoff
    Settings.put(system.settings(), "events.first_backoff_ms", 5);
    Settings.put(system.settings(), "events.max_attempts", 3);
    system.deploy(CatalogVerticle::new, GatewayVerticle::new);
    api = system.client();
    var tokens = AccessTokens.load(vertx, system.settings(), true).await();
    staff = tokens.issue(UUID.randomUUID(), Role.STAFF);
    admin = tokens.issue(UUID.randomUUID(), Role.SUPER_ADMIN);
    customer = tokens.issue(UUID.randomUUID(), Role.CUSTOMER);
    var settings = system.settings().getJsonObject("db");
    db = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
      .connectingTo(PgConnectOptions.fromUri(settings.getString("url")).setDatabase(settings.getString("prefix") + "catalog"))
      .using(vertx).build();
    // the transport the system runs on, on its topics: what the orders domain's relay would use
    transport = EventTransports.create(vertx, system.settings());
  }

  /** On the local transport: a publish completes once the catalog committed. */
  static CatalogSystem start(Vertx vertx) {
    return new CatalogSystem(vertx, TestSystem.create(vertx));
  }

  static CatalogSystem startOnKafka(Vertx vertx) {
    return new CatalogSystem(vertx, TestSystem.withKafka(vertx));
  }

  void stop() {
    transport.close().await();
    db.close().await();
    system.stop();
  }

  // --- HTTP

  Reply send(HttpMethod method, String path, JsonObject body, String token, Map<String, String> headers) {
    return sendAsync(method, path, body, token, headers).await();
  }

  Future<Reply> sendAsync(HttpMethod method, String path, JsonObject body, String token, Map<String, String> headers) {
    var all = new HashMap<>(headers);
    if (token != null) {
      all.put("Authorization", "Bearer " + token);
    }
    return api.sendAsync(method, path, body == null ? null : body.toBuffer(), body == null ? null : "application/json", all);
  }

  static JsonObject money(long amount) {
    return new JsonObject().put("amount", amount).put("currency", "USD");
  }

  static String newSku() {
    return "SKU-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static JsonObject newProduct(String sku) {
    return new JsonObject().put("sku", sku).put("title", "Product " + sku).put("price", money(1999))
      .put("unit_cost", money(800));
  }

  /** Creates a product as staff; answers its JSON. */
  JsonObject createProduct(JsonObject body) {
    var reply = send(HttpMethod.POST, "/products", body, staff, Map.of());
    assertEquals(201, reply.status(), reply::toString);
    return reply.json();
  }

  JsonObject createProduct() {
    return createProduct(newProduct(newSku()));
  }

  Reply adjust(String productId, String kind, int quantity) {
    return adjustAsync(productId, kind, quantity).await();
  }

  Future<Reply> adjustAsync(String productId, String kind, int quantity) {
    return sendAsync(HttpMethod.POST, "/inventory/adjustments", new JsonObject().put("product_id", productId)
      .put("kind", kind).put("quantity", quantity).put("reason", "test " + kind), staff,
      Map.of("Idempotency-Key", UUID.randomUUID().toString()));
  }

  /** Receives stock; the adjustment must succeed. */
  void receive(String productId, int quantity) {
    var reply = adjust(productId, "received", quantity);
    assertEquals(201, reply.status(), reply::toString);
  }

  JsonObject inventory(String productId) {
    var reply = send(HttpMethod.GET, "/products/" + productId + "/inventory", null, staff, Map.of());
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  // --- events

  /** The orders domain, as the catalog hears from it. */
  static final EventSource ORDERS = new EventSource("orders", Map.of("order", "order-events"));

  /**
   * Publishes straight into the transport, as the orders domain's relay would. On the local
   * transport it completes once the catalog committed; on Kafka once the broker has the event.
   */
  Future<Void> publishAsync(DomainEvent event) {
    EventSchemas.assertValid(vertx, event);
    return transport.publish(ORDERS.topicOf(event.type()), List.of(event));
  }

  /** Publishes events as one batch, as the orders relay hands a batch to the transport. */
  Future<Void> publishAllAsync(List<DomainEvent> events) {
    events.forEach(event -> EventSchemas.assertValid(vertx, event));
    return transport.publish("order-events", events);
  }

  /**
   * Publishes and waits until the catalog applied or parked the event. A second delivery of an
   * event id counts as handled at once: follow it with another event of the same subject (same
   * partition, so it is consumed after it) to wait for it too.
   */
  void publish(DomainEvent event) {
    EventSchemas.assertValid(vertx, event);
    deliver(event);
  }

  /** {@link #publish} without the schema check, for events malformed on purpose. */
  void deliver(DomainEvent event) {
    transport.publish(ORDERS.topicOf(event.type()), List.of(event)).await();
    eventually(() -> count("SELECT (SELECT count(*) FROM inbox WHERE event_id = $1)"
      + " + (SELECT count(*) FROM dead_letters WHERE event_id = $1)", event.id()) > 0);
  }

  /** The same event under another id, as a producer that announced it twice would send it. */
  static DomainEvent announcedAgain(DomainEvent event) {
    return new DomainEvent(UUID.randomUUID(), event.source(), event.type(), event.subject(), event.time(), event.data());
  }

  static DomainEvent orderCreated(UUID orderId, JsonObject... lines) {
    var array = new JsonArray();
    long total = 0;
    for (var line : lines) {
      array.add(line.copy().put("unit_price", money(1999)));
      total += 1999L * line.getInteger("quantity");
    }
    return ORDERS.event("order.created", orderId, new JsonObject().put("order_id", orderId.toString())
      .put("customer_id", UUID.randomUUID().toString()).put("lines", array).put("total", money(total)));
  }

  static DomainEvent orderCancelled(UUID orderId, JsonObject... lines) {
    var array = new JsonArray();
    for (var line : lines) {
      array.add(new JsonObject().put("sku", line.getString("sku")).put("quantity", line.getInteger("quantity")));
    }
    return ORDERS.event("order.cancelled", orderId, new JsonObject().put("order_id", orderId.toString())
      .put("customer_id", UUID.randomUUID().toString()).put("previous_status", "confirmed").put("lines", array));
  }

  /** A shipment of these lines (sku, product_id, quantity), as orders announces it. */
  static DomainEvent orderShipped(UUID orderId, JsonObject... lines) {
    var array = new JsonArray();
    for (var line : lines) {
      array.add(line.copy().put("unit_price", money(1999)).put("unit_cost", money(800)));
    }
    return ORDERS.event("order.shipped", orderId, new JsonObject().put("order_id", orderId.toString())
      .put("customer_id", UUID.randomUUID().toString()).put("shipment_id", UUID.randomUUID().toString())
      .put("carrier", "UPS").put("tracking_number", "1Z999").put("lines", array).put("fully_shipped", false));
  }

  /** A refund of these lines at 1999 a unit, each restocked or not. */
  static DomainEvent orderRefunded(UUID orderId, boolean restock, JsonObject... lines) {
    var array = new JsonArray();
    long amount = 0;
    for (var line : lines) {
      var lineAmount = 1999L * line.getInteger("quantity");
      array.add(line.copy().put("restock", restock).put("amount", lineAmount).put("unit_cost", money(800)));
      amount += lineAmount;
    }
    return ORDERS.event("order.refunded", orderId, new JsonObject().put("order_id", orderId.toString())
      .put("customer_id", UUID.randomUUID().toString()).put("refund_id", UUID.randomUUID().toString())
      .put("payment_id", UUID.randomUUID().toString()).put("amount", amount).put("currency", "USD")
      .put("paid_amount", 1_000_000L).put("refunded_total", amount).put("reason", "test refund")
      .put("cause", "refund").put("lines", array));
  }

  static JsonObject line(JsonObject product, int quantity) {
    return new JsonObject().put("sku", product.getString("sku")).put("product_id", product.getString("id"))
      .put("quantity", quantity);
  }

  // --- the database

  /** The events the catalog wrote for a subject, oldest first. */
  List<JsonObject> events(String type, Object subject) {
    var rows = db.preparedQuery("SELECT data FROM outbox WHERE type = $1 AND subject = $2 ORDER BY position")
      .execute(Tuple.of("shopifygenie." + type, subject.toString())).await();
    var events = new ArrayList<JsonObject>();
    rows.forEach(row -> events.add(row.getJsonObject("data")));
    return events;
  }

  List<Row> rows(String sql, Object... params) {
    var rows = db.preparedQuery(sql).execute(Tuple.from(params)).await();
    var list = new ArrayList<Row>();
    rows.forEach(list::add);
    return list;
  }

  long count(String sql, Object... params) {
    return rows(sql, params).get(0).getLong(0);
  }
}
