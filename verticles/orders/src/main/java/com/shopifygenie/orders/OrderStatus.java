package com.shopifygenie.orders;

import com.shopifygenie.platform.WireName;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The order state machine: which status may follow which. No I/O. */
enum OrderStatus implements WireName {
  PENDING, CONFIRMED, REJECTED, CANCELLED;

  private static final Map<OrderStatus, Set<OrderStatus>> NEXT = Map.of(
    PENDING, EnumSet.of(CONFIRMED, REJECTED, CANCELLED),
    CONFIRMED, EnumSet.of(CANCELLED),
    REJECTED, EnumSet.noneOf(OrderStatus.class),
    CANCELLED, EnumSet.noneOf(OrderStatus.class));

  boolean canBecome(OrderStatus next) {
    return NEXT.get(this).contains(next);
  }

  boolean isFinal() {
    return NEXT.get(this).isEmpty();
  }

  static OrderStatus fromWire(String name) {
    return WireName.fromWire(OrderStatus.class, name);
  }
}
