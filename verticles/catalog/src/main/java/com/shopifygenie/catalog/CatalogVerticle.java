package com.shopifygenie.catalog;

import com.shopifygenie.platform.IdempotencyKeys;
import com.shopifygenie.platform.DomainRuntime;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;

/** Wires the catalog domain: database, operations, the order events it consumes. Nothing else. */
public final class CatalogVerticle extends VerticleBase {

  private final JsonObject settings;
  private DomainRuntime runtime;

  public CatalogVerticle(JsonObject settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    return DomainRuntime.open(vertx, settings, StockLedger.DOMAIN).compose(r -> {
      runtime = r;
      var pool = r.pool();
      var products = new ProductStore();
      var inventory = new InventoryStore();
      var ledger = new StockLedger(inventory);
      var idempotency = new IdempotencyKeys(pool);
      var orders = new OrderEvents(inventory, ledger);
      r.inbox()
        .on(OrderEvents.ORDER_CREATED, orders::orderCreated)
        .on(OrderEvents.ORDER_CANCELLED, orders::orderCancelled);
      var operations = new HashMap<>(new ProductOperations(pool, products, inventory, idempotency).handlers());
      operations.putAll(new InventoryOperations(pool, inventory, ledger, idempotency).handlers());
      return r.serve(operations, true);
    });
  }

  @Override
  public Future<?> stop() {
    return runtime == null ? Future.succeededFuture() : runtime.close();
  }
}
