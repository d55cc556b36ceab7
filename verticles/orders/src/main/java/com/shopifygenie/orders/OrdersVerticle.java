package com.shopifygenie.orders;

import com.shopifygenie.platform.DomainRuntime;
import com.shopifygenie.platform.IdempotencyKeys;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/** Wires the orders domain: runtime, stores, the events it consumes, operations. Nothing else. */
public final class OrdersVerticle extends VerticleBase {

  private final JsonObject settings;
  private DomainRuntime runtime;

  public OrdersVerticle(JsonObject settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    return DomainRuntime.open(vertx, settings, OrdersEvents.SOURCE).compose(r -> {
      runtime = r;
      var orders = new OrderStore();
      var priceList = new PriceListStore();
      var customers = new CustomerStore();
      var idempotency = new IdempotencyKeys(r.pool());
      new OrdersEventHandlers(orders, priceList, customers).register(r.inbox());
      return r.serve(new OrderOperations(r.pool(), orders, priceList, customers, idempotency).handlers());
    });
  }

  @Override
  public Future<?> stop() {
    return runtime == null ? Future.succeededFuture() : runtime.close();
  }
}
