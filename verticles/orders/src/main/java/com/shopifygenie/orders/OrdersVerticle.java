package com.shopifygenie.orders;

import com.shopifygenie.platform.DomainRuntime;
import com.shopifygenie.platform.IdempotencyKeys;
import com.shopifygenie.platform.Settings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/** Wires the orders domain: runtime, stores, the events it consumes, operations. Nothing else. */
public final class OrdersVerticle extends VerticleBase {

  private final JsonObject settings;
  private DomainRuntime runtime;
  private Intake intake;

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
      intake = new Intake(vertx, r.pool(), Settings.section(Settings.section(settings, "orders"), "admission"));
      new OrdersEventHandlers(orders, priceList, customers).register(r.inbox());
      return intake.start().compose(v ->
        r.serve(new OrderOperations(r.pool(), orders, priceList, customers, idempotency, intake).handlers()));
    });
  }

  @Override
  public Future<?> stop() {
    if (intake != null) {
      intake.stop();
    }
    return runtime == null ? Future.succeededFuture() : runtime.close();
  }
}
