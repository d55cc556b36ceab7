package com.shopifygenie.orders;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The order state machine: which status may follow which. No I/O. */
enum OrderStatus {
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

  String wireName() {
    return name().toLowerCase();
  }

  static OrderStatus fromWire(String name) {
    return valueOf(name.toUpperCase());
  }
}
