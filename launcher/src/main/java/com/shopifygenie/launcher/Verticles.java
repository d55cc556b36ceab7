package com.shopifygenie.launcher;

import com.shopifygenie.accounting.AccountingVerticle;
import com.shopifygenie.analytics.AnalyticsVerticle;
import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.catalog.CatalogVerticle;
import com.shopifygenie.customers.CustomersVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.orders.OrdersVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Every verticle the jar can run, by the name used on the command line, in start order. */
final class Verticles {

  static final String GATEWAY = "gateway";

  /** Domains first, the gateway last: it should take traffic only once they answer. */
  static final Map<String, Function<JsonObject, Deployable>> ALL = new LinkedHashMap<>();

  static {
    ALL.put("auth", AuthVerticle::new);
    ALL.put("catalog", CatalogVerticle::new);
    ALL.put("orders", OrdersVerticle::new);
    ALL.put("customers", CustomersVerticle::new);
    ALL.put("accounting", AccountingVerticle::new);
    ALL.put("analytics", AnalyticsVerticle::new);
    ALL.put(GATEWAY, GatewayVerticle::new);
  }

  private Verticles() {}

  static boolean needsDatabase(String name) {
    return !GATEWAY.equals(name);
  }
}
