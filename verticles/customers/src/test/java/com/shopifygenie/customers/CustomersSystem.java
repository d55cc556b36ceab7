package com.shopifygenie.customers;

import com.shopifygenie.auth.AuthVerticle;
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
import com.shopifygenie.testkit.TestSettings;
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
 * Auth, customers and the gateway for a test class: a staff token, customers registered through
 * auth or given a token of their own, a client that checks every answer against the contract,
 * the customers database to look at, and the real transport to publish other domains' events into.
 */
final class CustomersSystem {

  /** The domains customers hears from, as their relays publish. */
  static final EventSource AUTH = new EventSource("auth", Map.of("user", "auth-events"));
  static final EventSource ORDERS = new EventSource("orders", Map.of("order", "order-events", "payment", "payment-events"));

  final Vertx vertx;
  final TestSystem system;
  final ApiClient api;
  final Pool db;
  final EventTransport transport;
  final AccessTokens tokens;
  final String staff;

  private CustomersSystem(Vertx vertx, TestSystem system, Map<String, Object> settings) {
    this.vertx = vertx;
    this.system = system;
    settings.forEach((path, value) -> Settings.put(system.settings(), path, value));
    system.deploy(AuthVerticle::new, CustomersVerticle::new, GatewayVerticle::new);
    api = system.client();
    tokens = AccessTokens.load(vertx, system.settings(), true).await();
    staff = tokens.issue(UUID.randomUUID(), Role.STAFF);
    var db = system.settings().getJsonObject("db");
    this.db = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
      .connectingTo(PgConnectOptions.fromUri(db.getString("url")).setDatabase(db.getString("prefix") + "customers"))
      .using(vertx).build();
    transport = EventTransports.create(vertx, system.settings());
  }

  static CustomersSystem start(Vertx vertx, Map<String, Object> settings) {
    return new CustomersSystem(vertx, TestSystem.create(vertx), settings);
  }

  static CustomersSystem startOnKafka(Vertx vertx, Map<String, Object> settings) {
    return new CustomersSystem(vertx, TestSystem.withKafka(vertx), settings);
  }

  void stop() {
    transport.close().await();
    db.close().await();
    system.stop();
  }

  // --- callers

  /** A customer with a token and no registration event: its profile starts with its first request. */
  String customerToken(UUID id) {
    return tokens.issue(id, Role.CUSTOMER);
  }

  /** A customer registered through auth, once its profile arrived; answers {id, email, token}. */
  JsonObject registeredCustomer() {
    var email = "c-" + UUID.randomUUID() + "@example.com";
    var registered = api.post("/auth/register", new JsonObject().put("email", email).put("password", "password-1"));
    assertEquals(201, registered.status(), registered::toString);
    var id = registered.json().getString("id");
    var token = api.post("/auth/login", new JsonObject().put("email", email).put("password", "password-1"))
      .json().getString("access_token");
    eventually(() -> count("SELECT count(*) FROM profiles WHERE id = $1 AND email IS NOT NULL", UUID.fromString(id)) == 1);
    return new JsonObject().put("id", id).put("email", email).put("token", token);
  }

  String admin() {
    return api.post("/auth/login", new JsonObject().put("email", TestSettings.ADMIN_EMAIL)
      .put("password", TestSettings.ADMIN_PASSWORD)).json().getString("access_token");
  }

  // --- HTTP

  Reply send(HttpMethod method, String path, JsonObject body, String token) {
    return sendAsync(method, path, body, token, Map.of()).await();
  }

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

  Reply get(String path, String token) {
    return send(HttpMethod.GET, path, null, token);
  }

  /** The answer's JSON, after checking its status. */
  static JsonObject ok(int status, Reply reply) {
    assertEquals(status, reply.status(), reply::toString);
    return reply.json();
  }

  /** A validation or refusal problem names this field and rule. */
  static void assertProblem(int status, String field, String rule, Reply reply) {
    assertEquals(status, reply.status(), reply::toString);
    var error = reply.json().getJsonArray("errors").getJsonObject(0);
    assertEquals(field, error.getString("field"), reply::toString);
    assertEquals(rule, error.getString("rule"), reply::toString);
  }

  // --- events

  /**
   * Publishes another domain's event into the transport, as its relay would, and waits until
   * customers applied or parked it.
   */
  void publish(EventSource source, DomainEvent event) {
    EventSchemas.assertValid(vertx, event);
    transport.publish(source.topicOf(event.type()), List.of(event)).await();
    eventually(() -> count("SELECT (SELECT count(*) FROM inbox WHERE event_id = $1)"
      + " + (SELECT count(*) FROM dead_letters WHERE event_id = $1)", event.id()) > 0);
  }

  /** A payment of an order as orders announces it; answers the event (not yet published). */
  static DomainEvent payment(UUID customerId, UUID orderId, long amount, String currency) {
    var line = new JsonObject().put("sku", "MUG").put("product_id", UUID.randomUUID().toString()).put("quantity", 1)
      .put("unit_price", new JsonObject().put("amount", amount).put("currency", currency));
    return ORDERS.event("payment.processed", orderId, new JsonObject().put("order_id", orderId.toString())
      .put("payment_id", UUID.randomUUID().toString()).put("customer_id", customerId.toString())
      .put("amount", amount).put("currency", currency).put("provider", "test")
      .put("method", new JsonObject().put("type", "card").put("brand", "visa").put("last4", "4242")
        .put("exp_month", 12).put("exp_year", 2030))
      .put("lines", new JsonArray().add(line)));
  }

  /** A refund of part of a paid order, as orders announces it. */
  static DomainEvent refund(UUID customerId, UUID orderId, long amount, long paid, long refundedTotal) {
    return ORDERS.event("order.refunded", orderId, new JsonObject().put("order_id", orderId.toString())
      .put("customer_id", customerId.toString()).put("refund_id", UUID.randomUUID().toString())
      .put("payment_id", UUID.randomUUID().toString()).put("amount", amount).put("currency", "USD")
      .put("paid_amount", paid).put("refunded_total", refundedTotal).put("reason", "test refund")
      .put("cause", "refund").put("lines", new JsonArray()));
  }

  /** The same event as if it had happened at another time. */
  static DomainEvent at(DomainEvent event, java.time.OffsetDateTime time) {
    return new DomainEvent(event.id(), event.source(), event.type(), event.subject(), time, event.data());
  }

  /** Publishes a payment of the order and waits until customers applied it. */
  void paid(UUID customerId, UUID orderId, long amount) {
    publish(ORDERS, payment(customerId, orderId, amount, "USD"));
  }

  /** The loyalty account as the customer's token (or staff's) reads it. */
  JsonObject loyalty(UUID customerId, String token) {
    return ok(200, get("/customers/" + customerId + "/loyalty?limit=100", token));
  }

  /** The ledger's points, in full, sum to the balance. */
  void assertLedgerSumsToBalance(UUID customerId) {
    var balance = rows("SELECT coalesce((SELECT balance FROM loyalty_accounts WHERE customer_id = $1), 0)", customerId)
      .get(0).getLong(0);
    assertEquals(balance, count("SELECT coalesce(sum(points), 0) FROM loyalty_ledger WHERE customer_id = $1", customerId));
  }

  /** The events customers wrote for a subject, oldest first. */
  List<JsonObject> events(String type, Object subject) {
    var events = new ArrayList<JsonObject>();
    rows("SELECT data FROM outbox WHERE type = $1 AND subject = $2 ORDER BY position",
      "shopifygenie." + type, subject.toString()).forEach(row -> events.add(row.getJsonObject("data")));
    return events;
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
