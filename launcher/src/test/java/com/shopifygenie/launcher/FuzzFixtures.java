package com.shopifygenie.launcher;

import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.Reply;
import com.shopifygenie.testkit.TestSettings;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What must exist for a request to reach the domain: a token per role, a stocked product that
 * orders can sell, an order of the customer, a user to look at. {@link #known()} names the
 * values a schema cannot invent, by the property or parameter they fill.
 */
final class FuzzFixtures {

  private static final String PASSWORD = "fuzz-password-1";

  private final Map<String, String> tokens = new HashMap<>();
  private final Map<String, Object> known = new HashMap<>();

  private FuzzFixtures() {}

  static FuzzFixtures create(ApiClient api) {
    var fixtures = new FuzzFixtures();
    fixtures.tokens.put("super_admin", login(api, TestSettings.ADMIN_EMAIL, TestSettings.ADMIN_PASSWORD).getString("access_token"));
    var admin = fixtures.tokens.get("super_admin");

    var customerEmail = "fuzz-customer-" + UUID.randomUUID() + "@example.com";
    var customer = created(api.post("/auth/register", new JsonObject().put("email", customerEmail).put("password", PASSWORD)));
    var session = login(api, customerEmail, PASSWORD);
    fixtures.tokens.put("customer", session.getString("access_token"));

    var staffEmail = "fuzz-staff-" + UUID.randomUUID() + "@example.com";
    created(api.post("/users", new JsonObject().put("email", staffEmail).put("password", PASSWORD).put("role", "staff"), admin));
    fixtures.tokens.put("staff", login(api, staffEmail, PASSWORD).getString("access_token"));

    var subject = created(api.post("/auth/register", new JsonObject()
      .put("email", "fuzz-subject-" + UUID.randomUUID() + "@example.com").put("password", PASSWORD)));

    var sku = "FUZZ-" + UUID.randomUUID().toString().substring(0, 8);
    var money = new JsonObject().put("amount", 1500).put("currency", "USD");
    var product = created(api.post("/products", new JsonObject().put("sku", sku).put("title", "Fuzzed " + sku)
      .put("price", money).put("unit_cost", money.copy().put("amount", 600)), admin));
    created(api.send(HttpMethod.POST, "/inventory/adjustments", new JsonObject().put("product_id", product.getString("id"))
        .put("kind", "received").put("quantity", 1_000_000).put("reason", "fuzz stock").toBuffer(), "application/json",
      Map.of("Authorization", "Bearer " + admin, "Idempotency-Key", UUID.randomUUID().toString())));

    // the product reaches the orders domain's price list through an event: the first order that
    // is priced is the customer's order
    var order = new AtomicReference<JsonObject>();
    var lines = new JsonArray().add(new JsonObject().put("sku", sku).put("quantity", 1));
    eventually(() -> {
      var reply = api.post("/orders", new JsonObject().put("lines", lines), fixtures.tokens.get("customer"));
      if (reply.status() == 201) {
        order.set(reply.json());
      }
      return order.get() != null;
    });

    fixtures.known.putAll(Map.of(
      "product_id", product.getString("id"),
      "order_id", order.get().getString("id"),
      "customer_id", customer.getString("id"),
      "user_id", subject.getString("id"),
      "sku", sku,
      "email", customerEmail,
      "password", PASSWORD,
      "refresh_token", session.getString("refresh_token"),
      // any version: the fuzz breaks inputs, not the race that If-Match guards
      "If-Match", "*"));
    // a card the test provider charges: its number passes the Luhn check and it has not expired
    fixtures.known.putAll(Map.of("number", "4242424242424242", "cvc", "931", "exp_year", 2099));
    // a month long past: the valid request closes it, and nothing else of the run is dated in it
    fixtures.known.put("period", "2000-01");
    return fixtures;
  }

  /** The first role the operation allows that the fixtures hold a token for; any role when it names none. */
  String token(List<String> roles) {
    var role = roles.isEmpty() ? "customer" : roles.stream().filter(tokens::containsKey).findFirst()
      .orElseThrow(() -> new IllegalStateException("no fixture holds a token of the roles " + roles));
    return tokens.get(role);
  }

  Map<String, Object> known() {
    return known;
  }

  private static JsonObject login(ApiClient api, String email, String password) {
    var reply = api.post("/auth/login", new JsonObject().put("email", email).put("password", password));
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  private static JsonObject created(Reply reply) {
    assertEquals(201, reply.status(), reply::toString);
    return reply.json();
  }
}
