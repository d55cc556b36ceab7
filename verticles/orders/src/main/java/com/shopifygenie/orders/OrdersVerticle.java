package com.shopifygenie.orders;

import com.shopifygenie.platform.DomainRuntime;
import com.shopifygenie.platform.IdempotencyKeys;
import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Settings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

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
      var payments = new PaymentStore();
      var refunds = new RefundStore();
      var idempotency = new IdempotencyKeys(r.pool());
      Map<String, PaymentProvider> providers = Map.of(TestPaymentProvider.NAME, new TestPaymentProvider());
      var refunder = new Refunder(orders, refunds, priceList, providers);
      var ordersSettings = Settings.section(settings, "orders");
      intake = new Intake(vertx, r.pool(), Settings.section(ordersSettings, "admission"));
      var taker = new OrderTaker(r.pool(), orders, priceList, customers,
        Settings.section(ordersSettings, "taking").getInteger("batches_in_flight", 2));
      new OrdersEventHandlers(orders, priceList, customers).register(r.inbox());
      var operations = new HashMap<String, Function<OperationRequest, Future<OperationResponse>>>();
      operations.putAll(new OrderOperations(r.pool(), orders, taker, idempotency, intake, payments, refunder).handlers());
      operations.putAll(new PaymentOperations(r.pool(), orders, payments, idempotency, providers, Clock.systemUTC())
        .handlers());
      operations.putAll(new ShipmentOperations(r.pool(), orders, new ShipmentStore(), priceList, idempotency).handlers());
      operations.putAll(new RefundOperations(r.pool(), orders, payments, refunds, refunder, idempotency).handlers());
      return intake.start().compose(v -> r.serve(operations));
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
