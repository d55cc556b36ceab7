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
  private Segmentation segmentation;
  private TierReview tierReview;

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
      var customers = Settings.section(settings, "customers");
      var loyaltySettings = Settings.section(customers, "loyalty");
      var tiers = Tiers.from(loyaltySettings);
      var loyaltyStore = new LoyaltyStore();
      var ledger = new LoyaltyLedger(loyaltyStore, tiers, loyaltySettings.getLong("points_per_currency_unit", 1L));
      tierReview = new TierReview(vertx, r.pool(), loyaltyStore, ledger,
        loyaltySettings.getLong("tier_review_interval_ms", 3_600_000L));
      var rfm = new RfmStore(Settings.section(customers, "segments").getString("currency", "USD"));
      segmentation = new Segmentation(vertx, r.pool(), rfm, Settings.section(customers, "segments"));
      new CustomersEventHandlers(profiles, ledger, segmentation).register(r.inbox());
      var operations = new HashMap<>(new ProfileOperations(r.pool(), profiles, access, idempotency).handlers());
      operations.putAll(new AddressOperations(r.pool(), profiles, new AddressStore(), access, idempotency).handlers());
      operations.putAll(new PreferenceOperations(r.pool(), profiles, new ConsentStore(), access).handlers());
      operations.putAll(new LoyaltyOperations(r.pool(), loyaltyStore, ledger, tiers, access, idempotency).handlers());
      operations.putAll(new SegmentOperations(r.pool(), rfm).handlers());
      operations.putAll(new OrdersSummaryOperations(r.pool(), access).handlers());
      return r.serve(operations).compose(v -> segmentation.start()).onSuccess(v -> tierReview.start());
    });
  }

  @Override
  public Future<?> stop() {
    if (segmentation != null) {
      segmentation.stop();
    }
    if (tierReview != null) {
      tierReview.stop();
    }
    return runtime == null ? Future.succeededFuture() : runtime.close();
  }
}
