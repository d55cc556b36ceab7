package com.shopifygenie.orders;

import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.platform.AccessTokens;
import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.EventSource;
import com.shopifygenie.platform.LocalEventTransport;
import com.shopifygenie.platform.Role;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.Reply;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Future;
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

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Orders through HTTP. Catalog's side of the conversation (product and stock events) is
 * published into the real local transport, as catalog's relay would.
 */
@ExtendWith(VertxExtension.class)
class OrdersApiTest {

  /** The catalog, as orders hears from it. */
  static final EventSource CATALOG = new EventSource("catalog", Map.of("product", "catalog-events", "stock", "inventory-events"));

  static Vertx vertx;
  static TestSystem system;
  static ApiClient api;
  static Pool ordersDb;
  static LocalEventTransport catalog;
  static String staff;
  static AccessTokens tokens;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    system = TestSystem.create(vertx).deploy(AuthVerticle::new, OrdersVerticle::new, GatewayVerticle::new);
    api = system.client();
    var db = system.settings().getJsonObject("db");
    ordersDb = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.getString("url"))
      .setDatabase(db.getString("prefix") + "orders")).using(vertx).build();
    catalog = new LocalEventTransport(vertx);
    tokens = AccessTokens.load(vertx, system.settings(), true).await();
    staff = api.post("/auth/login", new JsonObject().put("email", TestSettings.ADMIN_EMAIL)
      .put("password", TestSettings.ADMIN_PASSWORD)).json().getString("access_token");
    product("MUG", 1299, "active");
    product("TEE", 2500, "active");
    product("OLD", 500, "archived");
  }

  @AfterAll
  static void stop() {
    ordersDb.close().await();
    system.stop();
  }

  /** Announces a product as catalog would; answers the event's data. */
  static JsonObject product(String sku, long price, String status) {
    var data = new JsonObject().put("product_id", UUID.randomUUID().toString()).put("sku", sku).put("title", sku)
      .put("status", status).put("price", new JsonObject().put("amount", price).put("currency", "USD"))
      .put("unit_cost", new JsonObject().put("amount", price / 2).put("currency", "USD"));
    publish(CATALOG.event("product.created", data.getString("product_id"), data));
    return data;
  }

  static void stock(String type, String orderId, JsonObject extra) {
    var data = new JsonObject().put("order_id", orderId).mergeIn(extra);
    publish(CATALOG.event(type, orderId, data));
  }

  /** As catalog's relay would: on the local transport it completes once orders committed. */
  static void publish(DomainEvent event) {
    catalog.publish(CATALOG.topicOf(event.type()), List.of(event)).await();
  }

  static String customer() {
    var email = "c-" + UUID.randomUUID() + "@example.com";
    api.post("/auth/register", new JsonObject().put("email", email).put("password", "password-1"));
    return api.post("/auth/login", new JsonObject().put("email", email).put("password", "password-1"))
      .json().getString("access_token");
  }

  static String idOf(String token) {
    return api.get("/auth/me", token).json().getString("id");
  }

  /** Waits until the customer's registration reached the orders domain (it travels as an event). */
  static void knownToOrders(String userId) {
    eventually(() -> count("SELECT count(*) FROM customers WHERE id = $1 AND is_customer", UUID.fromString(userId)) == 1);
  }

  /** Waits until the user's registration reached the orders domain, whatever the user's role. */
  static void heardOf(String userId) {
    eventually(() -> count("SELECT count(*) FROM customers WHERE id = $1", UUID.fromString(userId)) == 1);
  }

  /** Every page of a list, as the token sees it. */
  static List<JsonObject> allOrders(String token) {
    var all = new java.util.ArrayList<JsonObject>();
    String cursor = null;
    do {
      var page = api.get("/orders?limit=5" + (cursor == null ? "" : "&cursor=" + cursor), token).json();
      page.getJsonArray("items").forEach(o -> all.add((JsonObject) o));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    return all;
  }

  static JsonObject lines(Object... skuQuantity) {
    var lines = new JsonArray();
    for (int i = 0; i < skuQuantity.length; i += 2) {
      lines.add(new JsonObject().put("sku", skuQuantity[i]).put("quantity", skuQuantity[i + 1]));
    }
    return new JsonObject().put("lines", lines);
  }

  static Reply order(String token, JsonObject body, String key) {
    var headers = new java.util.HashMap<String, String>(Map.of("Authorization", "Bearer " + token));
    if (key != null) {
      headers.put("Idempotency-Key", key);
    }
    return api.send(HttpMethod.POST, "/orders", body.toBuffer(), "application/json", headers);
  }

  static long count(String sql, Object... params) {
    return ordersDb.preparedQuery(sql).execute(Tuple.from(params)).await().iterator().next().getLong(0);
  }

  @Test
  void anOrderIsPricedByTheServerAndAnsweredPendingAtOnce() {
    var reply = order(customer(), lines("MUG", 3, "TEE", 1), null);
    assertEquals(201, reply.status(), reply::toString);
    var order = reply.json();
    assertEquals("pending", order.getString("status"));
    assertEquals(new JsonObject().put("amount", 3 * 1299 + 2500).put("currency", "USD"), order.getJsonObject("total"));
    assertEquals(3897, order.getJsonArray("lines").getJsonObject(0).getJsonObject("line_total").getLong("amount"));
    assertEquals("/orders/" + order.getString("id"), reply.header("Location"));
    assertEquals(1, count("SELECT count(*) FROM outbox WHERE type = 'shopifygenie.order.created' AND subject = $1",
      order.getString("id")));
  }

  @Test
  void theAnswerToAnOrderIsWhatWasStored() {
    var token = customer();
    var answered = order(token, lines("TEE", 2, "MUG", 1), null).json();
    var stored = api.get("/orders/" + answered.getString("id"), token).json();
    assertEquals(answered, stored);
    assertEquals(List.of("TEE", "MUG"), stored.getJsonArray("lines").stream()
      .map(l -> ((JsonObject) l).getString("sku")).toList());
    assertEquals(1, stored.getJsonArray("status_history").size(), stored::encodePrettily);
    assertEquals(1, count("SELECT count(*) FROM order_status_history WHERE order_id = $1 AND seq = 1 "
      + "AND to_status = 'pending'", UUID.fromString(answered.getString("id"))));
  }

  @Test
  void unknownOrArchivedSkusAndClientPricesAreRefused() {
    var token = customer();
    var unknown = order(token, lines("MUG", 1, "NOPE", 1), null);
    assertEquals(422, unknown.status());
    assertEquals("/lines/1/sku", unknown.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(422, order(token, lines("OLD", 1), null).status());
    var withPrice = lines("MUG", 1);
    withPrice.getJsonArray("lines").getJsonObject(0).put("unit_price", 1);
    var priced = order(token, withPrice, null);
    assertEquals(400, priced.status());
    assertEquals("/lines/0/unit_price", priced.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(400, order(token, lines("MUG", 0), null).status());
  }

  @Test
  void anIdempotencyKeyMakesRetriesReturnTheFirstOrder() {
    var token = customer();
    var key = UUID.randomUUID().toString();
    var first = order(token, lines("TEE", 2), key);
    assertEquals(201, first.status(), first::toString);
    // ten concurrent retries with the same key and body
    var retries = IntStream.range(0, 10).mapToObj(i -> api.sendAsync(HttpMethod.POST, "/orders",
      lines("TEE", 2).toBuffer(), "application/json", Map.of("Authorization", "Bearer " + token, "Idempotency-Key", key))).toList();
    Future.all(retries).await();
    for (var retry : retries) {
      assertEquals(201, retry.result().status(), () -> retry.result().toString());
      assertEquals(first.json().getString("id"), retry.result().json().getString("id"));
      assertEquals("true", retry.result().header("Idempotent-Replayed"));
    }
    var other = order(token, lines("TEE", 3), key);
    assertEquals(422, other.status());
    assertOneOrderForOneKey(idOf(token), key);
  }

  @Test
  void concurrentFirstRequestsWithOneKeyCreateOneOrder() {
    var token = customer();
    var key = UUID.randomUUID().toString();
    var racing = IntStream.range(0, 8).mapToObj(i -> api.sendAsync(HttpMethod.POST, "/orders",
      lines("MUG", 1).toBuffer(), "application/json", Map.of("Authorization", "Bearer " + token, "Idempotency-Key", key))).toList();
    Future.all(racing).await();
    for (var reply : racing) {
      assertEquals(201, reply.result().status(), () -> reply.result().toString());
    }
    var ids = racing.stream().map(r -> r.result().json().getString("id")).distinct().toList();
    assertEquals(1, ids.size(), ids::toString);
    assertOneOrderForOneKey(idOf(token), key);
  }

  /**
   * Orders that come in together are taken together (one statement for many), and each is answered
   * as if alone: its own lines and total, stored as answered, reported by one event; one refused in
   * the crowd (an unknown sku, a customer staff may not order for) is refused alone.
   */
  @Test
  void ordersThatComeInTogetherAreEachTakenOrRefusedAsAsked() {
    var tokens = IntStream.range(0, 4).mapToObj(i -> customer()).toList();
    var unknownCustomer = UUID.randomUUID().toString();
    var asked = new java.util.ArrayList<JsonObject>();
    var sent = new java.util.ArrayList<Future<Reply>>();
    for (int i = 0; i < 60; i++) {
      var body = switch (i % 6) {
        case 0 -> lines("MUG", 1 + i);
        case 1 -> lines("TEE", 1, "MUG", 2);
        case 2 -> lines("MUG", 1, "NOPE", 1);
        case 3 -> lines("TEE", 1 + i / 6);
        case 4 -> lines("MUG", 3).put("customer_id", unknownCustomer);
        default -> lines("TEE", 2, "MUG", 1 + i);
      };
      var token = i % 6 == 4 ? staff : tokens.get(i % tokens.size());
      asked.add(body);
      sent.add(api.sendAsync(HttpMethod.POST, "/orders", body.toBuffer(), "application/json",
        Map.of("Authorization", "Bearer " + token)));
    }
    Future.join(sent).await();
    var prices = Map.of("MUG", 1299L, "TEE", 2500L);
    for (int i = 0; i < sent.size(); i++) {
      var reply = sent.get(i).result();
      var body = asked.get(i);
      if (i % 6 == 2 || i % 6 == 4) {
        assertEquals(422, reply.status(), reply::toString);
        assertEquals(i % 6 == 2 ? "/lines/1/sku" : "/customer_id",
          reply.json().getJsonArray("errors").getJsonObject(0).getString("field"), reply::toString);
        continue;
      }
      assertEquals(201, reply.status(), reply::toString);
      var order = reply.json();
      long total = 0;
      for (int l = 0; l < body.getJsonArray("lines").size(); l++) {
        var line = body.getJsonArray("lines").getJsonObject(l);
        var answered = order.getJsonArray("lines").getJsonObject(l);
        assertEquals(line.getString("sku"), answered.getString("sku"));
        assertEquals(line.getInteger("quantity"), answered.getInteger("quantity"));
        total += prices.get(line.getString("sku")) * line.getInteger("quantity");
      }
      assertEquals(body.getJsonArray("lines").size(), order.getJsonArray("lines").size());
      assertEquals(total, order.getJsonObject("total").getLong("amount"), order::encodePrettily);
      assertEquals(order, api.get("/orders/" + order.getString("id"), tokens.get(i % tokens.size())).json());
      assertEquals(1, count("SELECT count(*) FROM outbox WHERE type = 'shopifygenie.order.created' AND subject = $1 "
        + "AND (data->'total'->>'amount')::bigint = $2", order.getString("id"), total));
    }
    for (int t = 0; t < tokens.size(); t++) {
      var owner = t;
      var taken = IntStream.range(0, sent.size()).filter(i -> i % tokens.size() == owner && i % 6 != 2 && i % 6 != 4).count();
      assertEquals(taken, allOrders(tokens.get(t)).size());
    }
    assertEquals(0, count("SELECT count(*) FROM orders WHERE customer_id = $1", UUID.fromString(unknownCustomer)));
  }

  /** The customer has exactly one order, and the key exactly one stored answer. */
  static void assertOneOrderForOneKey(String customerId, String key) {
    assertEquals(1, count("SELECT count(*) FROM orders WHERE customer_id = $1", UUID.fromString(customerId)));
    assertEquals(1, count("SELECT count(*) FROM idempotency_keys WHERE key = $1", key));
  }

  @Test
  void aRetryAfterTheSkuWasArchivedStillAnswersTheFirstOrder() {
    var product = product("SEASONAL", 900, "active");
    var token = customer();
    var key = UUID.randomUUID().toString();
    var first = order(token, lines("SEASONAL", 1), key);
    assertEquals(201, first.status(), first::toString);
    var archived = product.copy().put("status", "archived");
    publish(CATALOG.event("product.updated", product.getString("product_id"), archived));
    assertEquals(422, order(token, lines("SEASONAL", 1), null).status(), "the sku is no longer for sale");

    var retry = order(token, lines("SEASONAL", 1), key);
    assertEquals(201, retry.status(), retry::toString);
    assertEquals(first.json().getString("id"), retry.json().getString("id"));
    assertEquals("true", retry.header("Idempotent-Replayed"));
  }

  @Test
  void customersSeeOnlyTheirOwnOrdersAndStaffSeeAll() {
    var alice = customer();
    var bob = customer();
    var aliceOrder = order(alice, lines("MUG", 1), null).json().getString("id");
    var bobOrder = order(bob, lines("TEE", 1), null).json().getString("id");
    assertEquals(404, api.get("/orders/" + aliceOrder, bob).status());
    assertEquals(200, api.get("/orders/" + aliceOrder, alice).status());
    assertEquals(200, api.get("/orders/" + aliceOrder, staff).status());
    var bobId = idOf(bob);
    var bobsList = allOrders(bob);
    assertEquals(List.of(bobOrder), bobsList.stream().map(o -> o.getString("id")).toList());
    assertTrue(bobsList.stream().allMatch(o -> o.getString("customer_id").equals(bobId)));
    assertTrue(allOrders(staff).stream().map(o -> o.getString("id")).toList().containsAll(List.of(aliceOrder, bobOrder)));
    assertEquals(404, api.post("/orders/" + aliceOrder + "/cancel", new JsonObject(), bob).status());
    // naming another customer in the filter narrows the list to nothing, never to that customer's orders
    var aliceNamingBob = api.get("/orders?customer_id=" + bobId, alice);
    assertEquals(200, aliceNamingBob.status());
    assertEquals(0, aliceNamingBob.json().getJsonArray("items").size(), aliceNamingBob::toString);
    assertEquals(List.of(bobOrder), api.get("/orders?customer_id=" + bobId, bob).json().getJsonArray("items").stream()
      .map(o -> ((JsonObject) o).getString("id")).toList());
    assertEquals(List.of(bobOrder), api.get("/orders?customer_id=" + bobId, staff).json().getJsonArray("items").stream()
      .map(o -> ((JsonObject) o).getString("id")).toList());
  }

  @Test
  void staffOrderForARegisteredCustomerAndCustomersOnlyForThemselves() {
    assertEquals(400, order(staff, lines("MUG", 1), null).status());
    var customer = customer();
    var customerId = idOf(customer);
    knownToOrders(customerId);
    var forCustomer = order(staff, lines("MUG", 1).put("customer_id", customerId), null);
    assertEquals(201, forCustomer.status(), forCustomer::toString);
    assertEquals(customerId, forCustomer.json().getString("customer_id"));
    assertEquals(403, order(customer(), lines("MUG", 1).put("customer_id", customerId), null).status());
  }

  /** Staff and super admins are announced like any user, but they are no customers of the shop. */
  @Test
  void staffCannotOrderForStaffOrASuperAdminNotEvenThemselves() {
    var adminId = idOf(staff);
    heardOf(adminId);
    assertUnknownCustomer(order(staff, lines("MUG", 1).put("customer_id", adminId), null), adminId);
    var clerk = staffUser("staff");
    var clerkId = idOf(clerk);
    var boss = staffUser("super_admin");
    var bossId = idOf(boss);
    heardOf(clerkId);
    heardOf(bossId);
    assertUnknownCustomer(order(clerk, lines("MUG", 1).put("customer_id", clerkId), null), clerkId);
    assertUnknownCustomer(order(staff, lines("MUG", 1).put("customer_id", clerkId), null), clerkId);
    assertUnknownCustomer(order(clerk, lines("MUG", 1).put("customer_id", bossId), null), bossId);
    assertUnknownCustomer(order(boss, lines("MUG", 1).put("customer_id", bossId), null), bossId);
    assertEquals(0, count("SELECT count(*) FROM orders WHERE customer_id = ANY($1)",
      (Object) new UUID[] {UUID.fromString(adminId), UUID.fromString(clerkId), UUID.fromString(bossId)}));
  }

  /** auth's user.role_changed decides from then on: a customer who becomes staff is no customer any more. */
  @Test
  void aRoleChangeDecidesWhetherStaffMayOrderForTheUser() {
    var customerId = idOf(customer());
    knownToOrders(customerId);
    assertEquals(201, order(staff, lines("MUG", 1).put("customer_id", customerId), null).status());
    assertEquals(200, api.patch("/users/" + customerId, new JsonObject().put("role", "staff"), staff).status());
    eventually(() -> order(staff, lines("MUG", 1).put("customer_id", customerId), null).status() == 422);
    // a customer token issued before the change is refused once the gateway heard of it...
    var before = tokens.issue(UUID.fromString(customerId), Role.CUSTOMER);
    eventually(() -> order(before, lines("MUG", 1), null).status() == 401);
    // ...and one a gateway took before it heard orders for itself, but does not make its user a customer again
    assertEquals(201, order(tokens.issue(UUID.fromString(customerId), Role.CUSTOMER, 1), lines("MUG", 1), null).status());
    assertUnknownCustomer(order(staff, lines("MUG", 1).put("customer_id", customerId), null), customerId);

    var clerkId = idOf(staffUser("staff"));
    heardOf(clerkId);
    assertUnknownCustomer(order(staff, lines("MUG", 1).put("customer_id", clerkId), null), clerkId);
    assertEquals(200, api.patch("/users/" + clerkId, new JsonObject().put("role", "customer"), staff).status());
    eventually(() -> order(staff, lines("MUG", 1).put("customer_id", clerkId), null).status() == 201);
  }

  /** auth's user.status_changed: staff do not order for a disabled account, and do again once it is active. */
  @Test
  void staffDoNotOrderForADisabledAccountUntilItIsActiveAgain() {
    var customerId = idOf(customer());
    knownToOrders(customerId);
    assertEquals(200, api.patch("/users/" + customerId, new JsonObject().put("status", "disabled"), staff).status());
    // until the event arrives, staff still order for it
    eventually(() -> order(staff, lines("MUG", 1).put("customer_id", customerId), null).status() == 422);
    var placed = count("SELECT count(*) FROM orders WHERE customer_id = $1", UUID.fromString(customerId));
    var refused = order(staff, lines("MUG", 1).put("customer_id", customerId), null);
    assertEquals(422, refused.status(), refused::toString);
    var error = refused.json().getJsonArray("errors").getJsonObject(0);
    assertEquals("/customer_id", error.getString("field"), refused::toString);
    assertEquals("active-customer", error.getString("rule"), refused::toString);
    assertEquals(placed, count("SELECT count(*) FROM orders WHERE customer_id = $1", UUID.fromString(customerId)));

    assertEquals(200, api.patch("/users/" + customerId, new JsonObject().put("status", "active"), staff).status());
    eventually(() -> order(staff, lines("MUG", 1).put("customer_id", customerId), null).status() == 201);
  }

  /** A staff member (or super admin) created by the dev super admin, signed in. */
  static String staffUser(String role) {
    var email = "s-" + UUID.randomUUID() + "@example.com";
    var created = api.post("/users", new JsonObject().put("email", email).put("password", "password-1").put("role", role), staff);
    assertEquals(201, created.status(), created::toString);
    return api.post("/auth/login", new JsonObject().put("email", email).put("password", "password-1"))
      .json().getString("access_token");
  }

  static void assertUnknownCustomer(Reply reply, String customerId) {
    assertEquals(422, reply.status(), reply::toString);
    var error = reply.json().getJsonArray("errors").getJsonObject(0);
    assertEquals("/customer_id", error.getString("field"));
    assertEquals("known-customer", error.getString("rule"));
  }

  @Test
  void staffCannotOrderForACustomerThatDoesNotExist() {
    var nobody = UUID.randomUUID();
    var reply = order(staff, lines("MUG", 1).put("customer_id", nobody.toString()), null);
    assertEquals(422, reply.status(), reply::toString);
    var error = reply.json().getJsonArray("errors").getJsonObject(0);
    assertEquals("/customer_id", error.getString("field"));
    assertEquals("known-customer", error.getString("rule"));
    assertEquals(0, count("SELECT count(*) FROM orders WHERE customer_id = $1", nobody));
    assertEquals(0, count("SELECT count(*) FROM outbox WHERE type = 'shopifygenie.order.created' AND data->>'customer_id' = $1",
      nobody.toString()));
  }

  /** Its registration event may trail its first order: its valid token proves the customer exists. */
  @Test
  void aCustomerWhoseRegistrationHasNotReachedOrdersYetMayOrderForItself() {
    var unannounced = UUID.randomUUID();
    var token = tokens.issue(unannounced, Role.CUSTOMER);
    var own = order(token, lines("MUG", 1), null);
    assertEquals(201, own.status(), own::toString);
    assertEquals(unannounced.toString(), own.json().getString("customer_id"));
    // from then on staff may order for it too
    assertEquals(201, order(staff, lines("MUG", 1).put("customer_id", unannounced.toString()), null).status());
  }

  @Test
  void reservedStockConfirmsAndAFailedReservationRejects() throws Exception {
    var token = customer();
    var confirmed = order(token, lines("MUG", 1), null).json().getString("id");
    var rejected = order(token, lines("TEE", 5), null).json().getString("id");
    stock("stock.reserved", confirmed, new JsonObject().put("lines", new JsonArray().add(new JsonObject().put("sku", "MUG").put("quantity", 1))));
    stock("stock.reservation_failed", rejected, new JsonObject().put("reason", "insufficient stock")
      .put("lines", new JsonArray().add(new JsonObject().put("sku", "TEE").put("requested", 5).put("available", 2))));
    var order = api.get("/orders/" + confirmed, token).json();
    assertEquals("confirmed", order.getString("status"));
    var history = order.getJsonArray("status_history");
    assertEquals(2, history.size());
    assertEquals(null, history.getJsonObject(0).getString("from"));
    assertEquals("pending", history.getJsonObject(0).getString("to"));
    assertEquals("confirmed", history.getJsonObject(1).getString("to"));
    assertEquals("stock reserved", history.getJsonObject(1).getString("cause"));
    var refused = api.get("/orders/" + rejected, token).json();
    assertEquals("rejected", refused.getString("status"));
    assertEquals("insufficient stock", refused.getString("rejection_reason"));
    assertEquals(1, count("SELECT count(*) FROM outbox WHERE type = 'shopifygenie.order.confirmed' AND subject = $1", confirmed));
    assertEquals(1, count("SELECT count(*) FROM outbox WHERE type = 'shopifygenie.order.rejected' AND subject = $1", rejected));
    // listed by status
    var confirmedOnly = api.get("/orders?status=confirmed", token).json().getJsonArray("items");
    assertEquals(1, confirmedOnly.size());
  }

  @Test
  void cancellingFollowsTheStateMachine() {
    var token = customer();
    var pending = order(token, lines("MUG", 2), null).json().getString("id");
    var cancelled = api.post("/orders/" + pending + "/cancel", new JsonObject().put("reason", "changed my mind"), token);
    assertEquals(200, cancelled.status(), cancelled::toString);
    assertEquals("cancelled", cancelled.json().getString("status"));
    assertEquals(409, api.post("/orders/" + pending + "/cancel", new JsonObject(), token).status());
    // a late reservation does not revive a cancelled order
    stock("stock.reserved", pending, new JsonObject().put("lines", new JsonArray().add(new JsonObject().put("sku", "MUG").put("quantity", 2))));
    assertEquals("cancelled", api.get("/orders/" + pending, token).json().getString("status"));
    var event = ordersDb.preparedQuery("SELECT data FROM outbox WHERE type = 'shopifygenie.order.cancelled' AND subject = $1")
      .execute(Tuple.of(pending)).await().iterator().next().getJsonObject("data");
    assertEquals("pending", event.getString("previous_status"));
    assertEquals(new JsonArray().add(new JsonObject().put("sku", "MUG").put("quantity", 2)), event.getJsonArray("lines"));
  }

  /** The contract's date-time lets a time without an offset through; which instant it means is unknowable. */
  @Test
  void aTimeWithoutAnOffsetIs400NamingTheParameter() {
    for (var parameter : List.of("created_from", "created_to")) {
      var reply = api.get("/orders?" + parameter + "=2025-01-31T12:00:00", staff);
      assertEquals(400, reply.status(), reply::toString);
      assertEquals("query." + parameter, reply.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    }
    assertEquals(200, api.get("/orders?created_from=2025-01-31T12:00:00Z", staff).status());
  }

  /** As the movements, the books and the trends answer it: an empty page would hide the client's mistake. */
  @Test
  void anEndBeforeTheStartIs400NamingTheEnd() {
    var reply = api.get("/orders?created_from=2025-02-01T00:00:00Z&created_to=2025-01-01T00:00:00Z", staff);
    assertEquals(400, reply.status(), reply::toString);
    var error = reply.json().getJsonArray("errors").getJsonObject(0);
    assertEquals("query.created_to", error.getString("field"));
    assertEquals("not-before-from", error.getString("rule"));
    assertEquals(200, api.get("/orders?created_from=2025-01-01T00:00:00Z&created_to=2025-01-01T00:00:00Z", staff).status());
  }

  /**
   * An order whose transaction began first but commits last sorts before orders placed after it:
   * a client that had followed the list past them would never see it. The list holds back what
   * comes after the start of the oldest transaction still running.
   */
  @Test
  void anOrderStillBeingTakenHoldsBackTheOrdersPlacedAfterIt() {
    var token = customer();
    var first = order(token, lines("MUG", 1), null).json().getString("id");
    var slow = ordersDb.getConnection().await();
    try {
      var tx = slow.begin().await();
      // a POST whose transaction began before the next one's and is still on its way
      var slowId = UUID.randomUUID();
      slow.preparedQuery("INSERT INTO orders (id, customer_id, status, total_amount, currency, created_by, created_at, updated_at)"
        + " VALUES ($1, $2, 'pending', 1299, 'USD', $2, now(), now())").execute(Tuple.of(slowId, UUID.fromString(idOf(token)))).await();
      var after = order(token, lines("MUG", 1), null).json().getString("id");
      assertEquals(List.of(first), allOrders(token).stream().map(o -> o.getString("id")).toList());
      tx.commit().await();
      assertEquals(List.of(first, slowId.toString(), after), allOrders(token).stream().map(o -> o.getString("id")).toList());
    } finally {
      slow.close().await();
    }
  }

  @Test
  void listsArePaginatedOldestFirst() {
    var token = customer();
    var ids = IntStream.range(0, 5).mapToObj(i -> order(token, lines("MUG", i + 1), null).json().getString("id")).toList();
    var seen = new java.util.ArrayList<String>();
    String cursor = null;
    do {
      var page = api.get("/orders?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), token).json();
      page.getJsonArray("items").forEach(o -> seen.add(((JsonObject) o).getString("id")));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    assertEquals(ids, seen);
  }
}
