package com.shopifygenie.catalog;

import com.shopifygenie.platform.DomainRuntime;
import com.shopifygenie.platform.IdempotencyKeys;
import com.shopifygenie.platform.Settings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;

/** Wires the catalog domain: runtime, stores, the events it consumes, operations. Nothing else. */
public final class CatalogVerticle extends VerticleBase {

  private final JsonObject settings;
  private DomainRuntime runtime;

  public CatalogVerticle(JsonObject settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    return DomainRuntime.open(vertx, settings, CatalogEvents.SOURCE).compose(r -> {
      runtime = r;
      var products = new ProductStore();
      var inventory = new InventoryStore();
      var ledger = new StockLedger(inventory);
      var idempotency = new IdempotencyKeys(r.pool());
      new CatalogEventHandlers(inventory, ledger).register(r.inbox());
      var lookups = new ProductLookups(r.pool(), products,
        Settings.section(settings, "catalog").getInteger("product_reads_in_flight", 4));
      var operations = new HashMap<>(new ProductOperations(r.pool(), products, inventory, idempotency, lookups)
        .handlers());
      operations.putAll(new InventoryOperations(r.pool(), inventory, ledger, idempotency).handlers());
      return r.serve(operations);
    });
  }

  @Override
  public Future<?> stop() {
    return runtime == null ? Future.succeededFuture() : runtime.close();
  }
}
