package com.shopifygenie.customers;

import com.shopifygenie.platform.WireName;

/** Loyalty tiers, lowest first. */
enum Tier implements WireName {
  BRONZE, SILVER, GOLD;

  static Tier fromWire(String name) {
    return WireName.fromWire(Tier.class, name);
  }
}
