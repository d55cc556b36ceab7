package com.shopifygenie.orders;

import com.shopifygenie.platform.WireName;

/** A shipment leaves shipped, may be reported in transit, and ends delivered. No I/O. */
enum ShipmentStatus implements WireName {
  SHIPPED, IN_TRANSIT, DELIVERED;

  boolean canBecome(ShipmentStatus next) {
    return next.ordinal() > ordinal();
  }

  static ShipmentStatus fromWire(String name) {
    return WireName.fromWire(ShipmentStatus.class, name);
  }
}
