package com.shopifygenie.launcher;

import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.catalog.CatalogVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.orders.OrdersVerticle;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole flow through HTTP and events: catalog, orders and the stock between them. Run once
 * per transport by the subclasses.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OrderFlowTest {

  static ApiClient api;
  static String staff;
  TestSystem system;

  abstract TestSystem newSystem(Vertx vertx);

  @BeforeAll
  void start(Vertx vertx) {
    system = newSystem(vertx).deploy(AuthVerticle::new, CatalogVerticle::new, OrdersVerticle::new, GatewayVerticle::new);
    api = system.client();
    staff = token(TestSettings.ADMIN_EMAIL, TestSettings.ADMIN_PASSWORD);
  }

  @AfterAll
  void stop() {
    system.stop();
  }

  static String token(String email, String password) {
    return api.post("/auth/login", new JsonObject().put("email", email).put("password", password))
      .json().getString("access_token");
  }

  static String customer() {
    var email = "c-" + UUID.randomUUID() + "@example.com";
    api.post("/auth/register", new JsonObject().put("email", email).put("password", "password-1"));
    return token(email, "password-1");
  }

  /** A product with stock; returns its id once orders can sell it. */
  static String productWithStock(String sku, int units) throws InterruptedException {
    var money = new JsonObject().put("amount", 1500).put("currency", "USD");
    var product = api.post("/products", new JsonObject().put("sku", sku).put("title", "Thing " + sku)
      .put("price", money).put("unit_cost", money.copy().put("amount", 600)), staff);
    assertEquals(201, product.status(), product::toString);
    var id = product.json().getString("id");
    var received = api.send(HttpMethod.POST, "/inventory/adjustments", new JsonObject().put("product_id", id)
        .put("kind", "received").put("quantity", units).put("reason", "opening stock").toBuffer(), "application/json",
      Map.of("Authorization", "Bearer " + staff, "Idempotency-Key", UUID.randomUUID().toString()));
    assertEquals(201, received.status(), received::toString);
    // ProductCreated reaches the orders domain's price list asynchronously
    var probe = customer();
    eventually(() -> priceListHas(probe, sku));
    return id;
  }

  /**
   * Whether the orders domain can price the sku yet, without ordering anything: an order for it
   * and for a sku nobody sells is refused either way, naming the first line it cannot price.
   */
  static boolean priceListHas(String token, String sku) {
    var body = new JsonObject().put("lines", new JsonArray().add(new JsonObject().put("sku", sku).put("quantity", 1))
      .add(new JsonObject().put("sku", "NO-SUCH-SKU").put("quantity", 1)));
    var refused = api.post("/orders", body, token);
    assertEquals(422, refused.status(), refused::toString);
    return "/lines/1/sku".equals(refused.json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  static Reply order(String token, String sku, int quantity) {
    var body = new JsonObject().put("lines", new JsonArray().add(new JsonObject().put("sku", sku).put("quantity", quantity)));
    return api.post("/orders", body, token);
  }

  static List<JsonObject> orders(String query) {
    var all = new ArrayList<JsonObject>();
    String cursor = null;
    do {
      var page = api.get("/orders?limit=100" + query + (cursor == null ? "" : "&cursor=" + cursor), staff).json();
      page.getJsonArray("items").forEach(o -> all.add((JsonObject) o));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    return all;
  }

  static JsonObject inventory(String productId) {
    return api.get("/products/" + productId + "/inventory", staff).json();
  }

  @Test
  void anOrderIsConfirmedWhenStockIsReservedAndCancellingReleasesIt() throws Exception {
    var product = productWithStock("FLOW-1", 5);
    var token = customer();
    var created = order(token, "FLOW-1", 2);
    assertEquals(201, created.status(), created::toString);
    assertEquals("pending", created.json().getString("status"));
    var id = created.json().getString("id");
    eventually(() -> "confirmed".equals(api.get("/orders/" + id, token).json().getString("status")));
    assertEquals(3, inventory(product).getInteger("available"));
    assertEquals(2, inventory(product).getInteger("reserved"));

    var tooMany = order(token, "FLOW-1", 4).json().getString("id");
    eventually(() -> "rejected".equals(api.get("/orders/" + tooMany, token).json().getString("status")));

    assertEquals(200, api.post("/orders/" + id + "/cancel", new JsonObject(), token).status());
    eventually(() -> inventory(product).getInteger("reserved") == 0);
    assertEquals(5, inventory(product).getInteger("available"));
  }

  @Test
  void staffOrderForACustomerOnceItsRegistrationReachedOrders() throws Exception {
    productWithStock("FOR-1", 3);
    var customer = customer();
    var customerId = api.get("/auth/me", customer).json().getString("id");
    var nobody = orderFor(UUID.randomUUID().toString());
    assertEquals(422, nobody.status(), nobody::toString);
    assertEquals("/customer_id", nobody.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    // user.registered travels to orders as an event: until it arrived the customer is unknown there
    var placed = new AtomicReference<Reply>();
    eventually(() -> {
      placed.set(orderFor(customerId));
      return placed.get().status() != 422;
    });
    assertEquals(201, placed.get().status(), () -> placed.get().toString());
    var id = placed.get().json().getString("id");
    eventually(() -> "confirmed".equals(api.get("/orders/" + id, customer).json().getString("status")));
  }

  static Reply orderFor(String customerId) {
    return api.post("/orders", new JsonObject().put("customer_id", customerId)
      .put("lines", new JsonArray().add(new JsonObject().put("sku", "FOR-1").put("quantity", 1))), staff);
  }

  @Test
  void fiveHundredConcurrentOrdersNeverOversell() throws Exception {
    var product = productWithStock("HOT-1", 50);
    var customers = IntStream.range(0, 50).mapToObj(i -> customer()).toList();
    var body = new JsonObject().put("lines", new JsonArray().add(new JsonObject().put("sku", "HOT-1").put("quantity", 1)));
    var posts = IntStream.range(0, 500).mapToObj(i -> api.sendAsync(HttpMethod.POST, "/orders", body.toBuffer(),
      "application/json", Map.of("Authorization", "Bearer " + customers.get(i % 50)))).toList();
    Future.all(posts).await();
    var ids = new java.util.HashSet<String>();
    for (var post : posts) {
      assertEquals(201, post.result().status(), () -> post.result().toString());
      ids.add(post.result().json().getString("id"));
    }
    assertEquals(500, ids.size());

    eventually(() -> orders("&status=pending").stream().noneMatch(o -> ids.contains(o.getString("id"))));
    var confirmed = orders("&status=confirmed").stream().filter(o -> ids.contains(o.getString("id"))).count();
    var rejected = orders("&status=rejected").stream().filter(o -> ids.contains(o.getString("id"))).count();
    assertEquals(50, confirmed);
    assertEquals(450, rejected);

    var stock = inventory(product);
    assertEquals(50, stock.getInteger("on_hand"));
    assertEquals(50, stock.getInteger("reserved"));
    assertEquals(0, stock.getInteger("available"));
    // the ledger explains the figures exactly
    long onHand = 0;
    long reserved = 0;
    String cursor = null;
    do {
      var page = api.get("/inventory/movements?limit=100&product_id=" + product
        + (cursor == null ? "" : "&cursor=" + cursor), staff).json();
      for (var m : page.getJsonArray("items")) {
        onHand += ((JsonObject) m).getLong("delta");
        reserved += ((JsonObject) m).getLong("reserved_delta");
      }
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    assertEquals(50, onHand);
    assertEquals(50, reserved);
  }
}
