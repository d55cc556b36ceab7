package com.shopifygenie.launcher;

import com.shopifygenie.accounting.AccountingVerticle;
import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.catalog.CatalogVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.orders.OrdersVerticle;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The books kept by accounting from the real events of catalog and orders, all through HTTP:
 * stock received at cost, two orders paid, one shipped and refunded a unit with restock. The
 * reports hold the values computed by hand, to the cent. Run once per transport by the subclasses.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BooksLifeTest {

  TestSystem system;
  ApiClient api;
  Shop shop;
  String staff;

  abstract TestSystem newSystem(Vertx vertx);

  @BeforeAll
  void start(Vertx vertx) {
    system = newSystem(vertx).deploy(AuthVerticle::new, CatalogVerticle::new, OrdersVerticle::new,
      AccountingVerticle::new, GatewayVerticle::new);
    api = system.client();
    staff = api.post("/auth/login", new JsonObject().put("email", TestSettings.ADMIN_EMAIL)
      .put("password", TestSettings.ADMIN_PASSWORD)).json().getString("access_token");
    shop = new Shop(api, staff);
  }

  @AfterAll
  void stop() {
    system.stop();
  }

  JsonObject report(String path) {
    var reply = api.get(path, staff);
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  String paidOrder(String customer, JsonArray lines, long total) {
    return paidOrder(customer, lines, Shop.usd(total));
  }

  String paidOrder(String customer, JsonArray lines, JsonObject total) {
    var placed = shop.order(customer, lines).await();
    assertEquals(201, placed.status(), placed::toString);
    var id = placed.json().getString("id");
    eventually(() -> "confirmed".equals(shop.statusOf(id)));
    assertEquals(201, shop.pay(id, Shop.VISA, "123", total, customer).await().status());
    return id;
  }

  /** Each account of a trial balance as code: "debit/credit". */
  static JsonObject totals(JsonObject trial) {
    var totals = new JsonObject();
    trial.getJsonArray("accounts").stream().map(JsonObject.class::cast)
      .forEach(a -> totals.put(a.getString("code"), a.getLong("debit") + "/" + a.getLong("credit")));
    return totals;
  }

  @Test
  void stockReceivedTwoOrdersPaidOneShippedAndRefundedWithRestockBalanceTheBooksToTheCent() {
    var mug = shop.product("BOOKS-MUG", 1200, 500, 10);     // inventory 5,000 owed
    var tea = shop.product("BOOKS-TEA", 3000, 1100, 10);    // inventory 11,000 owed
    var customer = shop.customer();
    var first = paidOrder(customer, Shop.lines("BOOKS-MUG", 3, "BOOKS-TEA", 2), 9600);
    paidOrder(customer, Shop.lines("BOOKS-MUG", 1), 1200);
    assertEquals(201, shop.ship(first, Shop.lines("BOOKS-MUG", 3, "BOOKS-TEA", 2)).await().status()); // cost 3,700
    assertEquals(201, shop.refundLines(first, new JsonArray().add(new JsonObject().put("sku", "BOOKS-MUG")
      .put("quantity", 1).put("restock", true)), "arrived broken").await().status());         // 1,200 back, 500 of cost

    // receipts 2, payments 2, catalog's sales 2, the refund and catalog's return of its restocked unit
    eventually(() -> report("/accounting/journal-entries?limit=100&currency=USD").getJsonArray("items").size() == 8);
    var trial = report("/accounting/reports/trial-balance");
    assertEquals(new JsonObject().put("1000", "10800/1200").put("1100", "0/0").put("1200", "16500/3700")
      .put("2000", "0/16000").put("2100", "0/0").put("3000", "0/0").put("3100", "0/0").put("4000", "0/10800")
      .put("4100", "1200/0").put("5000", "3700/500").put("5100", "0/0"), totals(trial));
    assertEquals(32_200, trial.getLong("total_debit"));
    assertEquals(32_200, trial.getLong("total_credit"));
    var income = report("/accounting/reports/income-statement");
    assertEquals(List.of(10_800L, 1_200L, 9_600L, 3_200L, 6_400L, 0L, 6_400L), List.of(income.getLong("revenue"),
      income.getLong("returns"), income.getLong("net_revenue"), income.getLong("cost_of_goods_sold"),
      income.getLong("gross_profit"), income.getLong("expenses"), income.getLong("net_income")));
    var sheet = report("/accounting/reports/balance-sheet");
    // cash 10,800 - 1,200; inventory: mugs 10 - 3 + 1 = 8 x 500, teas 8 x 1,100
    assertEquals(List.of(22_400L, 16_000L, 0L, 6_400L, true), List.of(sheet.getLong("assets"), sheet.getLong("liabilities"),
      sheet.getLong("equity"), sheet.getLong("current_earnings"), sheet.getBoolean("balanced")));
    eventually(() -> shop.inventory(mug).getInteger("on_hand") == 8);
    assertEquals(8, shop.inventory(tea).getInteger("on_hand"));
  }

  @Test
  void aShopSellingInEurosKeepsEuroBooksBesideItsDollarOnes() {
    var dollars = report("/accounting/reports/trial-balance");
    var lamp = shop.product("BOOKS-LAMP-EUR", 4000, 1500, 5, "EUR");   // inventory 7,500 owed
    var customer = shop.customer();
    var order = paidOrder(customer, Shop.lines("BOOKS-LAMP-EUR", 2), Shop.money(8000, "EUR"));
    assertEquals(201, shop.ship(order, Shop.lines("BOOKS-LAMP-EUR", 2)).await().status());             // cost 3,000
    assertEquals(201, shop.refundLines(order, new JsonArray().add(new JsonObject().put("sku", "BOOKS-LAMP-EUR")
      .put("quantity", 1).put("restock", true)), "wrong colour").await().status());             // 4,000 back, 1,500 of cost

    eventually(() -> report("/accounting/journal-entries?limit=100&currency=EUR").getJsonArray("items").size() == 5);
    var euros = report("/accounting/reports/trial-balance?currency=EUR");
    assertEquals(new JsonObject().put("1000", "8000/4000").put("1100", "0/0").put("1200", "9000/3000")
      .put("2000", "0/7500").put("2100", "0/0").put("3000", "0/0").put("3100", "0/0").put("4000", "0/8000")
      .put("4100", "4000/0").put("5000", "3000/1500").put("5100", "0/0"), totals(euros));
    assertEquals(24_000, euros.getLong("total_debit"));
    assertEquals(24_000, euros.getLong("total_credit"));
    var sheet = report("/accounting/reports/balance-sheet?currency=EUR");
    // cash 8,000 - 4,000; lamps 5 - 2 + 1 = 4 x 1,500
    assertEquals(List.of(10_000L, 7_500L, 0L, 2_500L, true), List.of(sheet.getLong("assets"), sheet.getLong("liabilities"),
      sheet.getLong("equity"), sheet.getLong("current_earnings"), sheet.getBoolean("balanced")));
    assertEquals(0, report("/accounting/dead-letters").getJsonArray("items").size());
    assertEquals(dollars.getJsonArray("accounts"), report("/accounting/reports/trial-balance").getJsonArray("accounts"));
    eventually(() -> shop.inventory(lamp).getInteger("on_hand") == 4);
  }
}
