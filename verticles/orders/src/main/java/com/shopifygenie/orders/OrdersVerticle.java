package com.shopifygenie.orders;

import com.shopifygenie.platform.DomainRuntime;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/** Wires the orders domain: runtime, consumed events, operations. Nothing else. */
public final class OrdersVerticle extends VerticleBase {

  private final JsonObject settings;
  private DomainRuntime runtime;

  public OrdersVerticle(JsonObject settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    var orders = new OrderStore();
    var priceList = new PriceListStore();
    var customers = new CustomerStore();
    return DomainRuntime.open(vertx, settings, OrderOperations.DOMAIN).compose(r -> {
      runtime = r;
      new OrderEvents(orders, priceList, customers).register(r.inbox());
      return r.serve(new OrderOperations(r.pool(), orders, priceList, customers).handlers(), true);
    });
  }

  @Override
  public Future<?> stop() {
    return runtime == null ? Future.succeededFuture() : runtime.close();
  }
}
