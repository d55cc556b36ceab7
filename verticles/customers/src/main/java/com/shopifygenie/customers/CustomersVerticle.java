package com.shopifygenie.customers;

import com.shopifygenie.platform.DomainRuntime;
import com.shopifygenie.platform.IdempotencyKeys;
import com.shopifygenie.platform.Settings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;

/** Wires the customers domain: runtime, stores, the events it consumes, operations. Nothing else. */
public final class CustomersVerticle extends VerticleBase {

  private final JsonObject settings;
  private DomainRuntime runtime;

  public CustomersVerticle(JsonObject settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    return DomainRuntime.open(vertx, settings, CustomersEvents.SOURCE).compose(r -> {
      runtime = r;
      var profiles = new ProfileStore();
      var access = new CustomerAccess(r.pool(), profiles);
      var idempotency = new IdempotencyKeys(r.pool());
      var loyaltySettings = Settings.section(Settings.section(settings, "customers"), "loyalty");
      var tiers = Tiers.from(loyaltySettings);
      var loyaltyStore = new LoyaltyStore();
      var ledger = new LoyaltyLedger(loyaltyStore, tiers, loyaltySettings.getLong("points_per_currency_unit", 1L));
      new CustomersEventHandlers(profiles, ledger).register(r.inbox());
      var operations = new HashMap<>(new ProfileOperations(r.pool(), profiles, access, idempotency).handlers());
      operations.putAll(new AddressOperations(r.pool(), profiles, new AddressStore(), access, idempotency).handlers());
      operations.putAll(new PreferenceOperations(r.pool(), profiles, new ConsentStore(), access).handlers());
      operations.putAll(new LoyaltyOperations(r.pool(), loyaltyStore, ledger, tiers, access, idempotency).handlers());
      return r.serve(operations);
    });
  }

  @Override
  public Future<?> stop() {
    return runtime == null ? Future.succeededFuture() : runtime.close();
  }
}
