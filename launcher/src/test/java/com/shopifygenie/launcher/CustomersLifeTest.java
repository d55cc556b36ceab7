package com.shopifygenie.launcher;

import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.catalog.CatalogVerticle;
import com.shopifygenie.customers.CustomersVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.orders.OrdersVerticle;
import com.shopifygenie.platform.Settings;
import com.shopifygenie.testkit.ApiClient;
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

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A customer's loyalty from the real events of auth and orders, all through HTTP: registered
 * through auth (where it then changes its email, which its profile follows), it orders and pays with the test card, staff refunds part of an order, it redeems
 * points, and a payment lifts it over the silver threshold. The shop's configured programme is
 * used as it is (config/default.yaml): 1 point per whole USD paid, silver from 500 points earned
 * net of refunds. Run once per transport by the subclasses.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CustomersLifeTest {

  TestSystem system;
  ApiClient api;
  Shop shop;
  Pool customersDb;

  abstract TestSystem newSystem(Vertx vertx);

  @BeforeAll
  void start(Vertx vertx) {
    system = newSystem(vertx).deploy(AuthVerticle::new, CatalogVerticle::new, OrdersVerticle::new,
      CustomersVerticle::new, GatewayVerticle::new);
    api = system.client();
    var staff = api.post("/auth/login", new JsonObject().put("email", TestSettings.ADMIN_EMAIL)
      .put("password", TestSettings.ADMIN_PASSWORD)).json().getString("access_token");
    shop = new Shop(api, staff);
    var db = system.settings().getJsonObject("db");
    customersDb = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.getString("url"))
      .setDatabase(db.getString("prefix") + "customers")).using(vertx).build();
  }

  @AfterAll
  void stop() {
    customersDb.close().await();
    system.stop();
  }

  /**
   * The lamp at 123.45 earns 123 points; staff refunds 61.72 of it: 123 * 6172 / 12345 = 61.49,
   * 61 points back, 62 left. 50 redeemed: 12; 13 more is a 409. The rug at 450.00 earns 450:
   * balance 462, 62 + 450 = 512 earned net of the refund (lifetime and in the window), silver (from 500).
   */
  @Test
  void aRegisteredCustomerEarnsTheExactPointsLosesThemOnARefundRedeemsAndClimbsToSilver() {
    var programme = Settings.section(system.settings(), "customers").getJsonObject("loyalty");
    assertEquals(1, programme.getInteger("points_per_currency_unit"), "the hand figures assume 1 point per USD");
    assertEquals(500, programme.getJsonObject("tiers").getInteger("silver"));
    shop.product("LOYAL-LAMP", 12_345, 5_000, 10);
    shop.product("LOYAL-RUG", 45_000, 20_000, 10);

    var email = "c-" + UUID.randomUUID() + "@example.com";
    var registered = api.post("/auth/register", new JsonObject().put("email", email).put("password", "password-1"));
    assertEquals(201, registered.status(), registered::toString);
    var id = registered.json().getString("id");
    var token = api.post("/auth/login", new JsonObject().put("email", email).put("password", "password-1"))
      .json().getString("access_token");
    eventually(() -> email.equals(me(token).getString("email")));
    assertEquals(id, me(token).getString("id"));
    // the login email changes in auth; the profile follows auth's event and keeps refusing to change it itself
    var moved = "moved-" + UUID.randomUUID() + "@example.com";
    var changed = api.patch("/auth/me", new JsonObject().put("email", moved).put("current_password", "password-1"), token);
    assertEquals(200, changed.status(), changed::toString);
    eventually(() -> moved.equals(me(token).getString("email")));
    var refused = api.patch("/customers/" + id, new JsonObject().put("email", email), token);
    assertEquals(422, refused.status(), refused::toString);
    assertEquals(200, api.post("/auth/login", new JsonObject().put("email", moved).put("password", "password-1")).status());
    var account = loyalty(id, token);
    assertEquals(List.of(0L, 0L, "bronze"), List.of(account.getLong("balance"), account.getLong("lifetime_points"),
      account.getString("tier")));

    var lamp = paidOrder(token, Shop.lines("LOYAL-LAMP", 1), 12_345);
    eventually(() -> loyalty(id, token).getLong("balance") == 123);
    var refund = shop.refundAmount(lamp, 6_172, "scratched").await();
    assertEquals(201, refund.status(), refund::toString);
    eventually(() -> loyalty(id, token).getLong("balance") == 62);
    account = loyalty(id, token);
    assertEquals(List.of(62L, 62L, "bronze"), List.of(account.getLong("lifetime_points"),
      account.getLong("points_in_window"), account.getString("tier")));

    var path = "/customers/" + id + "/loyalty/redemptions";
    var redeemed = shop.send(HttpMethod.POST, path, new JsonObject().put("points", 50), token, UUID.randomUUID().toString());
    assertEquals(201, redeemed.status(), redeemed::toString);
    assertEquals(12, redeemed.json().getLong("balance"));
    var beyond = shop.send(HttpMethod.POST, path, new JsonObject().put("points", 13), token, UUID.randomUUID().toString());
    assertEquals(409, beyond.status(), beyond::toString);
    assertEquals(12, loyalty(id, token).getLong("balance"));

    var rug = paidOrder(token, Shop.lines("LOYAL-RUG", 1), 45_000);
    eventually(() -> loyalty(id, token).getLong("balance") == 462);
    account = loyalty(id, token);
    assertEquals(List.of(512L, 512L, "silver"), List.of(account.getLong("lifetime_points"),
      account.getLong("points_in_window"), account.getString("tier")));
    assertEquals(List.of(
        List.of("earned", 123L, 123L, lamp),
        List.of("reversed", -61L, 62L, lamp),
        List.of("redeemed", -50L, 12L, "null"),
        List.of("earned", 450L, 462L, rug)),
      account.getJsonObject("ledger").getJsonArray("items").stream().map(JsonObject.class::cast)
        .map(e -> List.of(e.getString("kind"), e.getLong("points"), e.getLong("balance_after"),
          String.valueOf(e.getValue("order_id")))).toList());
    assertEquals(List.of("bronze>silver"), tierChanges(id));
  }

  String paidOrder(String token, JsonArray lines, long total) {
    var placed = shop.order(token, lines).await();
    assertEquals(201, placed.status(), placed::toString);
    var id = placed.json().getString("id");
    eventually(() -> "confirmed".equals(shop.statusOf(id)));
    var paid = shop.pay(id, Shop.VISA, "123", total, token).await();
    assertEquals(201, paid.status(), paid::toString);
    return id;
  }

  JsonObject me(String token) {
    var reply = api.get("/customers/me", token);
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  JsonObject loyalty(String customerId, String token) {
    var reply = api.get("/customers/" + customerId + "/loyalty?limit=100", token);
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  /** The tier changes customers emitted for the customer, oldest first, as previous>tier. */
  List<String> tierChanges(String customerId) {
    var changes = new ArrayList<String>();
    customersDb.preparedQuery("SELECT data FROM outbox WHERE type = 'shopifygenie.customer.tier_changed'"
        + " AND subject = $1 ORDER BY position").execute(Tuple.of(customerId)).await()
      .forEach(row -> changes.add(row.getJsonObject("data").getString("previous_tier") + ">"
        + row.getJsonObject("data").getString("tier")));
    return changes;
  }
}
