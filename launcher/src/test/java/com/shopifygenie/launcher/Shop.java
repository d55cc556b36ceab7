package com.shopifygenie.launcher;

import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.Reply;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The steps of an order's life through the public API, as a shop's staff and customers take
 * them: products with stock, orders, payments, shipments, refunds; and what catalog shows after.
 * The async forms serve the concurrent tests.
 */
final class Shop {

  static final String VISA = "4242424242424242";
  static final String DECLINED = "4000000000000002";
  static final String NO_FUNDS = "4000000000009995";
  static final String PROCESSING_ERROR = "4000000000000119";

  private final ApiClient api;
  private final String staff;

  Shop(ApiClient api, String staff) {
    this.api = api;
    this.staff = staff;
  }

  String staffToken() {
    return staff;
  }

  String customer() {
    var email = "c-" + UUID.randomUUID() + "@example.com";
    api.post("/auth/register", new JsonObject().put("email", email).put("password", "password-1"));
    return api.post("/auth/login", new JsonObject().put("email", email).put("password", "password-1"))
      .json().getString("access_token");
  }

  /** A product received into stock; answers its id once orders can price it. */
  String product(String sku, long price, long cost, int units) {
    return product(sku, price, cost, units, "USD");
  }

  /** A product priced and costed in a currency, received into stock; answers its id once orders can price it. */
  String product(String sku, long price, long cost, int units, String currency) {
    var product = api.post("/products", new JsonObject().put("sku", sku).put("title", "Thing " + sku)
      .put("price", money(price, currency)).put("unit_cost", money(cost, currency)), staff);
    assertEquals(201, product.status(), product::toString);
    var id = product.json().getString("id");
    var received = send(HttpMethod.POST, "/inventory/adjustments", new JsonObject().put("product_id", id)
      .put("kind", "received").put("quantity", units).put("reason", "opening stock"), staff, UUID.randomUUID().toString());
    assertEquals(201, received.status(), received::toString);
    var probe = customer();
    eventually(() -> priceListHas(probe, sku));
    return id;
  }

  /** Whether orders can price the sku yet: an order of it and of a sku nobody sells is refused naming the second line. */
  private boolean priceListHas(String token, String sku) {
    var refused = api.post("/orders", new JsonObject().put("lines", lines(sku, 1, "NO-SUCH-SKU", 1)), token);
    assertEquals(422, refused.status(), refused::toString);
    return "/lines/1/sku".equals(refused.json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  static JsonObject usd(long amount) {
    return money(amount, "USD");
  }

  static JsonObject money(long amount, String currency) {
    return new JsonObject().put("amount", amount).put("currency", currency);
  }

  static JsonArray lines(Object... skuQuantity) {
    var lines = new JsonArray();
    for (int i = 0; i < skuQuantity.length; i += 2) {
      lines.add(new JsonObject().put("sku", skuQuantity[i]).put("quantity", skuQuantity[i + 1]));
    }
    return lines;
  }

  Future<Reply> order(String token, JsonArray lines) {
    return sendAsync(HttpMethod.POST, "/orders", new JsonObject().put("lines", lines), token, null);
  }

  JsonObject get(String orderId) {
    return api.get("/orders/" + orderId, staff).json();
  }

  String statusOf(String orderId) {
    return get(orderId).getString("status");
  }

  static JsonObject card(String number, String cvc) {
    return new JsonObject().put("number", number).put("exp_month", 12).put("exp_year", 2031).put("cvc", cvc);
  }

  Future<Reply> pay(String orderId, String number, String cvc, long amount, String token) {
    return pay(orderId, number, cvc, usd(amount), token);
  }

  Future<Reply> pay(String orderId, String number, String cvc, JsonObject amount, String token) {
    return sendAsync(HttpMethod.POST, "/orders/" + orderId + "/payments", new JsonObject().put("amount", amount)
      .put("card", card(number, cvc)), token, UUID.randomUUID().toString());
  }

  Future<Reply> ship(String orderId, JsonArray lines) {
    return sendAsync(HttpMethod.POST, "/orders/" + orderId + "/shipments", new JsonObject().put("carrier", "DHL")
      .put("tracking_number", "JD" + UUID.randomUUID().toString().substring(0, 10)).put("lines", lines), staff, null);
  }

  Future<Reply> deliver(String orderId, String shipmentId) {
    return sendAsync(HttpMethod.PATCH, "/orders/" + orderId + "/shipments/" + shipmentId,
      new JsonObject().put("status", "delivered"), staff, null);
  }

  /** Shipped units back, restocked or not: lines of {sku, quantity, restock}. */
  Future<Reply> refundLines(String orderId, JsonArray lines, String reason) {
    return sendAsync(HttpMethod.POST, "/orders/" + orderId + "/refunds", new JsonObject().put("lines", lines)
      .put("reason", reason), staff, UUID.randomUUID().toString());
  }

  Future<Reply> refundAmount(String orderId, long amount, String reason) {
    return sendAsync(HttpMethod.POST, "/orders/" + orderId + "/refunds", new JsonObject().put("amount", usd(amount))
      .put("reason", reason), staff, UUID.randomUUID().toString());
  }

  Future<Reply> cancel(String orderId, String token) {
    return sendAsync(HttpMethod.POST, "/orders/" + orderId + "/cancel", new JsonObject(), token, null);
  }

  JsonArray list(String orderId, String what) {
    return api.get("/orders/" + orderId + "/" + what, staff).json().getJsonArray("items");
  }

  JsonObject inventory(String productId) {
    return api.get("/products/" + productId + "/inventory", staff).json();
  }

  /** Every movement of a product in the ledger, oldest first. */
  List<JsonObject> movements(String productId) {
    var all = new ArrayList<JsonObject>();
    String cursor = null;
    do {
      var page = api.get("/inventory/movements?limit=100&product_id=" + productId
        + (cursor == null ? "" : "&cursor=" + cursor), staff).json();
      page.getJsonArray("items").forEach(m -> all.add((JsonObject) m));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    return all;
  }

  /** The ledger summed per reason: {reason: [sum of delta, sum of reserved_delta, count]}. */
  Map<String, long[]> ledger(String productId) {
    var sums = new HashMap<String, long[]>();
    for (var m : movements(productId)) {
      var sum = sums.computeIfAbsent(m.getString("reason"), r -> new long[3]);
      sum[0] += m.getLong("delta");
      sum[1] += m.getLong("reserved_delta");
      sum[2]++;
    }
    return sums;
  }

  Future<Reply> sendAsync(HttpMethod method, String path, JsonObject body, String token, String key) {
    var headers = new HashMap<String, String>(Map.of("Authorization", "Bearer " + token));
    if (key != null) {
      headers.put("Idempotency-Key", key);
    }
    return api.sendAsync(method, path, body.toBuffer(), "application/json", headers);
  }

  Reply send(HttpMethod method, String path, JsonObject body, String token, String key) {
    return sendAsync(method, path, body, token, key).await();
  }
}
