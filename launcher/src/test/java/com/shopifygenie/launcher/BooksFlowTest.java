package com.shopifygenie.launcher;

import com.shopifygenie.accounting.AccountingVerticle;
import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.catalog.CatalogVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.orders.OrdersVerticle;
import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.EventSource;
import com.shopifygenie.platform.EventTransport;
import com.shopifygenie.platform.EventTransports;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.EventSchemas;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
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

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The books and the stock of a shop through every domain that moves them: stock received at cost
 * through catalog's API, two orders placed through orders' API and confirmed by catalog, both paid,
 * one shipped and then refunded a unit with restock. Catalog's stock.adjusted reaches accounting
 * over the transport; the payment, the shipment and the refund are published as the orders domain
 * announces them (schemas/events/), which both catalog and accounting consume. The trial balance,
 * the income statement, the balance sheet and the stock hold the values computed by hand, to the
 * cent. Run once per transport by the subclasses.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BooksFlowTest {

  /** The orders domain, as catalog and accounting hear from it. */
  static final EventSource ORDERS = new EventSource("orders", Map.of("order", "order-events", "payment", "payment-events"));

  TestSystem system;
  ApiClient api;
  EventTransport transport;
  Vertx vertx;
  String staff;

  abstract TestSystem newSystem(Vertx vertx);

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    system = newSystem(vertx).deploy(AuthVerticle::new, CatalogVerticle::new, OrdersVerticle::new,
      AccountingVerticle::new, GatewayVerticle::new);
    api = system.client();
    staff = login(TestSettings.ADMIN_EMAIL, TestSettings.ADMIN_PASSWORD);
    transport = EventTransports.create(vertx, system.settings());
  }

  @AfterAll
  void stop() {
    transport.close().await();
    system.stop();
  }

  String login(String email, String password) {
    return api.post("/auth/login", new JsonObject().put("email", email).put("password", password)).json()
      .getString("access_token");
  }

  static JsonObject money(long amount) {
    return new JsonObject().put("amount", amount).put("currency", "USD");
  }

  JsonObject stockedProduct(String sku, long price, long cost, int units) {
    var product = api.post("/products", new JsonObject().put("sku", sku).put("title", "Thing " + sku)
      .put("price", money(price)).put("unit_cost", money(cost)), staff);
    assertEquals(201, product.status(), product::toString);
    var received = api.send(HttpMethod.POST, "/inventory/adjustments", new JsonObject()
        .put("product_id", product.json().getString("id")).put("kind", "received").put("quantity", units)
        .put("reason", "opening stock").toBuffer(), "application/json",
      Map.of("Authorization", "Bearer " + staff, "Idempotency-Key", UUID.randomUUID().toString()));
    assertEquals(201, received.status(), received::toString);
    return product.json();
  }

  /** Orders once the orders domain can price every line (its price list follows catalog's events). */
  JsonObject confirmedOrder(String token, JsonArray lines) {
    var created = new JsonObject[1];
    eventually(() -> {
      var reply = api.post("/orders", new JsonObject().put("lines", lines), token);
      if (reply.status() == 201) {
        created[0] = reply.json();
      }
      return created[0] != null;
    });
    var id = created[0].getString("id");
    eventually(() -> "confirmed".equals(api.get("/orders/" + id, token).json().getString("status")));
    return created[0];
  }

  static JsonObject orderLine(JsonObject product, int quantity) {
    return new JsonObject().put("sku", product.getString("sku")).put("quantity", quantity);
  }

  static JsonObject soldLine(JsonObject product, int quantity, long price, long cost) {
    return new JsonObject().put("sku", product.getString("sku")).put("product_id", product.getString("id"))
      .put("quantity", quantity).put("unit_price", money(price)).put("unit_cost", money(cost));
  }

  void publish(DomainEvent event) {
    EventSchemas.assertValid(vertx, event);
    transport.publish(ORDERS.topicOf(event.type()), List.of(event)).await();
  }

  DomainEvent paid(JsonObject order, JsonObject... lines) {
    var array = new JsonArray();
    for (var line : lines) {
      var paidLine = line.copy();
      paidLine.remove("unit_cost");
      array.add(paidLine);
    }
    return ORDERS.event("payment.processed", order.getString("id"), new JsonObject().put("order_id", order.getString("id"))
      .put("payment_id", UUID.randomUUID().toString()).put("customer_id", order.getString("customer_id"))
      .put("amount", order.getJsonObject("total").getLong("amount")).put("currency", "USD").put("provider", "test")
      .put("method", new JsonObject().put("type", "card").put("brand", "visa").put("last4", "4242").put("exp_month", 12)
        .put("exp_year", 2030))
      .put("lines", array));
  }

  JsonObject inventory(JsonObject product) {
    return api.get("/products/" + product.getString("id") + "/inventory", staff).json();
  }

  JsonObject report(String path) {
    var reply = api.get(path, staff);
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  @Test
  void stockReceivedTwoOrdersPaidOneShippedAndRefundedWithRestockBalanceTheBooksToTheCent() {
    var sku = UUID.randomUUID().toString().substring(0, 6);
    var mug = stockedProduct("MUG-" + sku, 1_999, 800, 10);   // inventory 8,000 owed to the supplier
    var tea = stockedProduct("TEA-" + sku, 2_999, 1_250, 4);  // inventory 5,000 owed
    var email = "books-" + UUID.randomUUID() + "@example.com";
    api.post("/auth/register", new JsonObject().put("email", email).put("password", "password-1"));
    var customer = login(email, "password-1");
    var first = confirmedOrder(customer, new JsonArray().add(orderLine(mug, 2)).add(orderLine(tea, 1)));
    var second = confirmedOrder(customer, new JsonArray().add(orderLine(mug, 1)));
    assertEquals(6_997, first.getJsonObject("total").getLong("amount"));
    assertEquals(1_999, second.getJsonObject("total").getLong("amount"));

    publish(paid(first, soldLine(mug, 2, 1_999, 800), soldLine(tea, 1, 2_999, 1_250)));
    publish(paid(second, soldLine(mug, 1, 1_999, 800)));
    var orderId = first.getString("id");
    publish(ORDERS.event("order.shipped", orderId, new JsonObject().put("order_id", orderId)
      .put("customer_id", first.getString("customer_id")).put("shipment_id", UUID.randomUUID().toString())
      .put("carrier", "UPS").put("tracking_number", "1Z999AA10123456784")
      .put("lines", new JsonArray().add(soldLine(mug, 2, 1_999, 800)).add(soldLine(tea, 1, 2_999, 1_250)))
      .put("fully_shipped", true)));                                                   // cost of the sale 2,850
    publish(ORDERS.event("order.refunded", orderId, new JsonObject().put("order_id", orderId)
      .put("customer_id", first.getString("customer_id")).put("refund_id", UUID.randomUUID().toString())
      .put("payment_id", UUID.randomUUID().toString()).put("amount", 1_999).put("currency", "USD")
      .put("paid_amount", 6_997).put("refunded_total", 1_999).put("reason", "chipped").put("cause", "refund")
      .put("lines", new JsonArray().add(new JsonObject().put("sku", mug.getString("sku"))
        .put("product_id", mug.getString("id")).put("quantity", 1).put("restock", true).put("amount", 1_999)
        .put("unit_cost", money(800))))));                                             // 1,999 back, 800 of cost back

    // receipts 2, payments 2, catalog's sales 2, the refund and catalog's return of its restocked unit
    eventually(() -> report("/accounting/journal-entries?limit=100").getJsonArray("items").size() == 8);
    eventually(() -> inventory(mug).getInteger("on_hand") == 9);

    // stock: mugs 10 - 2 shipped + 1 returned, 1 still held for the second order; teas 4 - 1
    assertEquals(List.of(9, 1), List.of(inventory(mug).getInteger("on_hand"), inventory(mug).getInteger("reserved")));
    assertEquals(List.of(3, 0), List.of(inventory(tea).getInteger("on_hand"), inventory(tea).getInteger("reserved")));

    var trial = report("/accounting/reports/trial-balance");
    var totals = new JsonObject();
    trial.getJsonArray("accounts").stream().map(JsonObject.class::cast)
      .forEach(a -> totals.put(a.getString("code"), a.getLong("debit") + "/" + a.getLong("credit")));
    assertEquals(new JsonObject().put("1000", "8996/1999").put("1100", "0/0").put("1200", "13800/2850")
      .put("2000", "0/13000").put("2100", "0/0").put("3000", "0/0").put("3100", "0/0").put("4000", "0/8996")
      .put("4100", "1999/0").put("5000", "2850/800").put("5100", "0/0"), totals);
    assertEquals(27_645, trial.getLong("total_debit"));
    assertEquals(27_645, trial.getLong("total_credit"));

    var income = report("/accounting/reports/income-statement");
    assertEquals(List.of(8_996L, 1_999L, 6_997L, 2_050L, 4_947L, 0L, 4_947L), List.of(income.getLong("revenue"),
      income.getLong("returns"), income.getLong("net_revenue"), income.getLong("cost_of_goods_sold"),
      income.getLong("gross_profit"), income.getLong("expenses"), income.getLong("net_income")));

    var sheet = report("/accounting/reports/balance-sheet");
    // cash 8,996 - 1,999 = 6,997; inventory 9 x 800 + 3 x 1,250 = 10,950
    assertEquals(List.of(17_947L, 13_000L, 0L, 4_947L, 17_947L, true), List.of(sheet.getLong("assets"),
      sheet.getLong("liabilities"), sheet.getLong("equity"), sheet.getLong("current_earnings"),
      sheet.getLong("liabilities_and_equity"), sheet.getBoolean("balanced")));
  }
}
