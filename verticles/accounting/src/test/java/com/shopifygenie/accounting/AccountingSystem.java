package com.shopifygenie.accounting;

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

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Accounting behind a gateway for a test class: tokens for each role, a client that checks every
 * answer against the contract, accounting's own database to look at, and a real event transport
 * to publish the events of orders, payments and stock into, as their domains' relays would.
 */
final class AccountingSystem {

  /** The domains accounting hears from, as they declare their topics. */
  static final EventSource ORDERS = new EventSource("orders", Map.of("order", "order-events", "payment", "payment-events"));
  static final EventSource CATALOG = new EventSource("catalog", Map.of("stock", "inventory-events"));

  final Vertx vertx;
  final TestSystem system;
  final ApiClient api;
  final Pool db;
  final EventTransport transport;
  final String staff;
  final String admin;
  final String customer;

  private AccountingSystem(Vertx vertx, TestSystem system) {
    this.vertx = vertx;
    this.system = system;
    Settings.put(system.settings(), "events.first_backoff_ms", 5);
    Settings.put(system.settings(), "events.max_attempts", 3);
    system.deploy(AccountingVerticle::new, GatewayVerticle::new);
    api = system.client();
    var tokens = AccessTokens.load(vertx, system.settings(), true).await();
    staff = tokens.issue(UUID.randomUUID(), Role.STAFF);
    admin = tokens.issue(UUID.randomUUID(), Role.SUPER_ADMIN);
    customer = tokens.issue(UUID.randomUUID(), Role.CUSTOMER);
    var settings = system.settings().getJsonObject("db");
    db = PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
      .connectingTo(PgConnectOptions.fromUri(settings.getString("url"))
        .setDatabase(settings.getString("prefix") + "accounting"))
      .using(vertx).build();
    transport = EventTransports.create(vertx, system.settings());
  }

  static AccountingSystem start(Vertx vertx) {
    return new AccountingSystem(vertx, TestSystem.create(vertx));
  }

  /** Accounting on databases the test prepares before it starts (one migrated by an earlier version, say). */
  static AccountingSystem start(Vertx vertx, Consumer<JsonObject> prepare) {
    var system = TestSystem.create(vertx);
    prepare.accept(system.settings());
    return new AccountingSystem(vertx, system);
  }

  static AccountingSystem startOnKafka(Vertx vertx) {
    return new AccountingSystem(vertx, TestSystem.withKafka(vertx));
  }

  void stop() {
    transport.close().await();
    db.close().await();
    system.stop();
  }

  // --- HTTP

  Reply send(HttpMethod method, String path, JsonObject body, String token, Map<String, String> headers) {
    var all = new HashMap<>(headers);
    if (token != null) {
      all.put("Authorization", "Bearer " + token);
    }
    return api.send(method, path, body == null ? null : body.toBuffer(), body == null ? null : "application/json", all);
  }

  Reply get(String path) {
    return send(HttpMethod.GET, path, null, staff, Map.of());
  }

  JsonObject ok(String path) {
    var reply = get(path);
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  Reply postEntry(JsonObject entry) {
    return send(HttpMethod.POST, "/accounting/journal-entries", entry, staff,
      Map.of("Idempotency-Key", UUID.randomUUID().toString()));
  }

  static JsonObject entry(String description, JsonObject... lines) {
    return new JsonObject().put("description", description).put("lines", new JsonArray(List.of((Object[]) lines)));
  }

  static JsonObject debit(String code, long amount) {
    return new JsonObject().put("account_code", code).put("side", "debit").put("amount", amount);
  }

  static JsonObject credit(String code, long amount) {
    return new JsonObject().put("account_code", code).put("side", "credit").put("amount", amount);
  }

  /** Each account's balance on its normal side, by code, as listAccounts answers it. */
  Map<String, Long> balances() {
    var balances = new HashMap<String, Long>();
    ok("/accounting/accounts").getJsonArray("items").stream().map(JsonObject.class::cast)
      .forEach(a -> balances.put(a.getString("code"), a.getLong("balance")));
    return balances;
  }

  // --- events

  static JsonObject money(long amount) {
    return money(amount, "USD");
  }

  static JsonObject money(long amount, String currency) {
    return new JsonObject().put("amount", amount).put("currency", currency);
  }

  static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }

  /** An event of another domain at a time of the test's choosing. */
  static DomainEvent at(DomainEvent event, OffsetDateTime time) {
    return new DomainEvent(event.id(), event.source(), event.type(), event.subject(), time, event.data());
  }

  static DomainEvent paymentProcessed(UUID orderId, long amount, JsonObject... lines) {
    return paymentProcessed("USD", orderId, amount, lines);
  }

  /** A payment in a currency; its lines are priced in it too (see {@link #line(String, UUID, int, long, long)}). */
  static DomainEvent paymentProcessed(String currency, UUID orderId, long amount, JsonObject... lines) {
    var array = new JsonArray();
    for (var line : lines) {
      array.add(new JsonObject().put("sku", line.getString("sku")).put("product_id", line.getString("product_id"))
        .put("quantity", line.getInteger("quantity")).put("unit_price", line.getJsonObject("unit_price")));
    }
    return ORDERS.event("payment.processed", orderId, new JsonObject().put("order_id", orderId.toString())
      .put("payment_id", UUID.randomUUID().toString()).put("customer_id", UUID.randomUUID().toString())
      .put("amount", amount).put("currency", currency).put("provider", "test")
      .put("method", new JsonObject().put("type", "card").put("brand", "visa").put("last4", "4242")
        .put("exp_month", 12).put("exp_year", 2030))
      .put("lines", array));
  }

  static DomainEvent orderShipped(UUID orderId, JsonObject... lines) {
    return ORDERS.event("order.shipped", orderId, new JsonObject().put("order_id", orderId.toString())
      .put("customer_id", UUID.randomUUID().toString()).put("shipment_id", UUID.randomUUID().toString())
      .put("carrier", "UPS").put("tracking_number", "1Z999").put("lines", new JsonArray(List.of((Object[]) lines)))
      .put("fully_shipped", true));
  }

  /** A refund of an amount, with lines (restocked or not) that may carry their unit cost. */
  static DomainEvent orderRefunded(UUID orderId, long amount, long paid, JsonObject... lines) {
    return orderRefunded("USD", orderId, amount, paid, lines);
  }

  static DomainEvent orderRefunded(String currency, UUID orderId, long amount, long paid, JsonObject... lines) {
    var array = new JsonArray();
    for (var line : lines) {
      array.add(line);
    }
    return ORDERS.event("order.refunded", orderId, new JsonObject().put("order_id", orderId.toString())
      .put("customer_id", UUID.randomUUID().toString()).put("refund_id", UUID.randomUUID().toString())
      .put("payment_id", UUID.randomUUID().toString()).put("amount", amount).put("currency", currency)
      .put("paid_amount", paid).put("refunded_total", amount).put("reason", "test refund").put("cause", "refund")
      .put("lines", array));
  }

  /** A shipped or paid line: quantity at a price and a cost. */
  static JsonObject line(UUID productId, int quantity, long price, long cost) {
    return line("USD", productId, quantity, price, cost);
  }

  static JsonObject line(String currency, UUID productId, int quantity, long price, long cost) {
    return new JsonObject().put("sku", "SKU-" + productId.toString().substring(0, 8)).put("product_id", productId.toString())
      .put("quantity", quantity).put("unit_price", money(price, currency)).put("unit_cost", money(cost, currency));
  }

  static JsonObject refundLine(UUID productId, int quantity, boolean restock, long amount, Long cost) {
    return refundLine("USD", productId, quantity, restock, amount, cost);
  }

  static JsonObject refundLine(String currency, UUID productId, int quantity, boolean restock, long amount, Long cost) {
    var line = new JsonObject().put("sku", "SKU-" + productId.toString().substring(0, 8))
      .put("product_id", productId.toString()).put("quantity", quantity).put("restock", restock).put("amount", amount);
    return cost == null ? line : line.put("unit_cost", money(cost, currency));
  }

  /** A change of stock as catalog announces it, with the figures after it left to the test. */
  static DomainEvent stockAdjusted(UUID productId, String reason, int delta, long unitCost, int onHand) {
    return stockAdjusted("USD", productId, reason, delta, unitCost, onHand);
  }

  static DomainEvent stockAdjusted(String currency, UUID productId, String reason, int delta, long unitCost, int onHand) {
    return CATALOG.event("stock.adjusted", productId, new JsonObject().put("product_id", productId.toString())
      .put("sku", "SKU-" + productId.toString().substring(0, 8)).put("delta", delta).put("reserved_delta", 0)
      .put("reason", reason).put("on_hand", onHand).put("reserved", 0).put("available", onHand)
      .put("unit_cost", money(unitCost, currency)));
  }

  /** Units of an order shipped, as catalog announces the sale (the stock's figures after it left to the test). */
  static DomainEvent sold(UUID productId, UUID orderId, int quantity, long unitCost, int onHand) {
    return sold("USD", productId, orderId, quantity, unitCost, onHand);
  }

  static DomainEvent sold(String currency, UUID productId, UUID orderId, int quantity, long unitCost, int onHand) {
    var event = stockAdjusted(currency, productId, "sold", -quantity, unitCost, onHand);
    event.data().put("order_id", orderId.toString());
    return event;
  }

  /** Units of an order restocked by a refund, as catalog announces their return. */
  static DomainEvent returned(UUID productId, UUID orderId, int quantity, long unitCost, int onHand) {
    return returned("USD", productId, orderId, quantity, unitCost, onHand);
  }

  static DomainEvent returned(String currency, UUID productId, UUID orderId, int quantity, long unitCost, int onHand) {
    var event = stockAdjusted(currency, productId, "returned", quantity, unitCost, onHand);
    event.data().put("order_id", orderId.toString());
    return event;
  }

  /** Stock on hand valued at a new unit cost, as catalog announces it. */
  static DomainEvent stockRevalued(UUID productId, int onHand, long previousUnitCost, long unitCost) {
    return CATALOG.event("stock.revalued", productId, new JsonObject().put("product_id", productId.toString())
      .put("sku", "SKU-" + productId.toString().substring(0, 8)).put("on_hand", onHand)
      .put("previous_unit_cost", money(previousUnitCost, "USD")).put("unit_cost", money(unitCost, "USD")));
  }

  private EventSource sourceOf(DomainEvent event) {
    return event.type().startsWith("shopifygenie.stock.") ? CATALOG : ORDERS;
  }

  /** Publishes into the transport as the producing domain's relay would; on local, completes once applied. */
  Future<Void> publishAsync(DomainEvent event) {
    EventSchemas.assertValid(vertx, event);
    return transport.publish(sourceOf(event).topicOf(event.type()), List.of(event));
  }

  /** Publishes and waits until accounting applied or parked the event (a duplicate counts at once). */
  void publish(DomainEvent event) {
    publishAsync(event).await();
    eventually(() -> count("SELECT (SELECT count(*) FROM inbox WHERE event_id = $1)"
      + " + (SELECT count(*) FROM dead_letters WHERE event_id = $1)", event.id()) > 0);
  }

  // --- the database

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
