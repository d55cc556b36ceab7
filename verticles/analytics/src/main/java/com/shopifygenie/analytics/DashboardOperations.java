package com.shopifygenie.analytics;

import com.shopifygenie.platform.AmountLimit;
import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * GET /analytics/dashboard: a period's figures against the period before of the same length, its
 * best-selling products and the products low on stock; from the per-day read models only, so it
 * costs the same however many orders there were.
 */
final class DashboardOperations {

  private static final int TOP_PRODUCTS = 10;

  private final Pool pool;
  private final SalesStore sales;
  private final ProductStore products;
  private final ShopCalendar calendar;
  private final String currency;

  DashboardOperations(Pool pool, SalesStore sales, ProductStore products, ShopCalendar calendar, String currency) {
    this.pool = pool;
    this.sales = sales;
    this.products = products;
    this.calendar = calendar;
    this.currency = currency;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of("getDashboard", this::getDashboard);
  }

  Future<OperationResponse> getDashboard(OperationRequest req) {
    var period = req.query().getString("period", "today");
    var days = calendar.period(period);
    var before = days.previous();
    // revenue and refunds report money, which a capped figure would misstate: past the largest
    // amount the dashboard is a 409 naming the period (a shorter one may fit)
    return AmountLimit.told(Future.all(List.of(sales.totals(pool, days), sales.totals(pool, before),
        sales.buyers(pool, days), sales.buyers(pool, before), sales.topProducts(pool, days, TOP_PRODUCTS),
        products.lowStock(pool)))
      .map(all -> {
        SalesStore.DayTotals now = all.resultAt(0);
        SalesStore.DayTotals then = all.resultAt(1);
        long buyersNow = all.resultAt(2);
        long buyersThen = all.resultAt(3);
        List<SalesStore.ProductTotals> top = all.resultAt(4);
        var figures = new JsonObject()
          .put("revenue", change(now.revenue(), then.revenue()))
          .put("orders", change(now.orders(), then.orders()))
          .put("average_order_value", change(average(now), average(then)))
          .put("units", change(now.units(), then.units()))
          .put("new_customers", change(now.newCustomers(), then.newCustomers()))
          .put("returning_customers", change(buyersNow - now.newCustomers(), buyersThen - then.newCustomers()))
          .put("refunds", change(now.refunds(), then.refunds()))
          .put("refund_count", change(now.refundCount(), then.refundCount()));
        var products = new JsonArray();
        top.forEach(p -> products.add(new JsonObject().put("product_id", p.productId().toString())
          .put("sku", p.sku()).put("title", p.title()).put("revenue", p.revenue()).put("units", p.units())));
        return OperationResponse.ok(new JsonObject().put("period", period)
          .put("from", days.from().toString()).put("to", days.to().toString())
          .put("previous_from", before.from().toString()).put("previous_to", before.to().toString())
          .put("time_zone", calendar.zone().getId()).put("currency", currency)
          .put("figures", figures).put("top_products", products).put("low_stock_products", all.<Long>resultAt(5)));
      }), "query.period", "a shorter period");
  }

  /**
   * Revenue per order paid in the shop's currency (the revenue is of those alone), rounded down;
   * zero without such orders.
   */
  private static long average(SalesStore.DayTotals totals) {
    return totals.pricedOrders() == 0 ? 0 : totals.revenue() / totals.pricedOrders();
  }

  private static JsonObject change(long value, long previous) {
    var change = new Change(value, previous);
    return new JsonObject().put("value", value).put("previous", previous).put("change", change.difference())
      .put("change_percent", change.percent());
  }
}
