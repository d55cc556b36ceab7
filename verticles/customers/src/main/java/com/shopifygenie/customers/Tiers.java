package com.shopifygenie.customers;

import com.shopifygenie.platform.InvalidSettings;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The tier a customer holds by the points earned (net of those taken back) over a rolling window:
 * silver from {@code silver} points, gold from {@code gold}; bronze below.
 */
record Tiers(long silver, long gold, Duration window) {

  Tiers {
    if (silver <= 0 || gold <= silver) {
      throw new InvalidSettings("customers.loyalty.tiers: 0 < silver < gold is required, not silver "
        + silver + " and gold " + gold);
    }
    if (window.isNegative() || window.isZero()) {
      throw new InvalidSettings("customers.loyalty.tier_window_days must be positive");
    }
  }

  /** From the customers.loyalty section of the configuration. */
  static Tiers from(JsonObject loyalty) {
    var tiers = loyalty.getJsonObject("tiers", new JsonObject());
    return new Tiers(tiers.getLong("silver", 500L), tiers.getLong("gold", 2000L),
      Duration.ofDays(loyalty.getLong("tier_window_days", 365L)));
  }

  Tier of(long pointsInWindow) {
    return pointsInWindow >= gold ? Tier.GOLD : pointsInWindow >= silver ? Tier.SILVER : Tier.BRONZE;
  }
}
