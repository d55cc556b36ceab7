package com.shopifygenie.analytics;

import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * GET /analytics/recommendations: with product_id, what is frequently bought together with it
 * (co-purchase rules of at least analytics.recommendations.min_support, best lift first); with
 * customer_id, what customers whose baskets overlap this customer's bought and it did not; with
 * neither, the products in the most baskets (what to show someone the shop knows nothing of).
 */
final class RecommendationOperations {

  private final Pool pool;
  private final BasketStore baskets;
  private final double minimumSupport;
  private final int limit;

  RecommendationOperations(Pool pool, BasketStore baskets, double minimumSupport, int limit) {
    this.pool = pool;
    this.baskets = baskets;
    this.minimumSupport = minimumSupport;
    this.limit = limit;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of("getRecommendations", this::getRecommendations);
  }

  Future<OperationResponse> getRecommendations(OperationRequest req) {
    var product = req.query().getString("product_id");
    var customer = req.query().getString("customer_id");
    if (product != null && customer != null) {
      throw Problem.validation("query.customer_id", "one-of", "give product_id or customer_id, not both");
    }
    if (product != null) {
      return boughtTogether(UUID.fromString(product));
    }
    return customer != null ? forCustomer(UUID.fromString(customer)) : popular();
  }

  private Future<OperationResponse> boughtTogether(UUID productId) {
    return Future.all(baskets.baskets(pool), baskets.basketsWith(pool, productId)).compose(counts -> {
      long all = counts.resultAt(0);
      long withProduct = counts.resultAt(1);
      var answer = new JsonObject().put("product_id", productId.toString()).put("baskets", all)
        .put("baskets_with_product", withProduct).put("min_support", minimumSupport);
      if (withProduct == 0) {
        return Future.succeededFuture(OperationResponse.ok(answer.put("products", new JsonArray())));
      }
      return baskets.boughtWith(pool, productId, CoPurchase.minimumTogether(all, minimumSupport)).map(pairs -> {
        var described = new java.util.HashMap<UUID, BasketStore.PairCount>();
        var rules = pairs.stream().map(p -> {
          described.put(p.product(), p);
          return CoPurchase.rule(p.product(), all, withProduct, p.withProduct(), p.together());
        }).toList();
        var products = new JsonArray();
        for (var rule : CoPurchase.best(rules, limit)) {
          var pair = described.get(rule.product());
          products.add(new JsonObject().put("product_id", rule.product().toString()).put("sku", pair.sku())
            .put("title", pair.title()).put("baskets", rule.together()).put("support", rule.support())
            .put("confidence", rule.confidence()).put("lift", rule.lift()));
        }
        return OperationResponse.ok(answer.put("products", products));
      });
    });
  }

  private Future<OperationResponse> popular() {
    return Future.all(baskets.baskets(pool), baskets.mostBought(pool, limit)).map(parts -> {
      long all = parts.resultAt(0);
      var products = new JsonArray();
      parts.<java.util.List<io.vertx.sqlclient.Row>>resultAt(1).forEach(r -> products.add(new JsonObject()
        .put("product_id", r.getUUID("product_id").toString()).put("sku", r.getString("sku"))
        .put("title", r.getString("title")).put("baskets", r.getLong("baskets"))
        .put("support", (double) r.getLong("baskets") / all)));
      return OperationResponse.ok(new JsonObject().put("baskets", all).put("products", products));
    });
  }

  private Future<OperationResponse> forCustomer(UUID customerId) {
    return baskets.forCustomer(pool, customerId, limit).map(rows -> {
      var products = new JsonArray();
      rows.forEach(r -> products.add(new JsonObject().put("product_id", r.getUUID("product_id").toString())
        .put("sku", r.getString("sku")).put("title", r.getString("title"))
        .put("customers", r.getLong("customers")).put("shared_products", r.getLong("shared"))));
      return OperationResponse.ok(new JsonObject().put("customer_id", customerId.toString()).put("products", products));
    });
  }
}
