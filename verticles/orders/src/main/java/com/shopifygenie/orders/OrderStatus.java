package com.shopifygenie.orders;

import com.shopifygenie.platform.WireName;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The order state machine: which status may follow which, and where each step of an order's
 * life leads. A status may follow itself where a step can repeat without changing it (a second
 * partial shipment, a second partial refund). No I/O.
 */
enum OrderStatus implements WireName {
  PENDING, CONFIRMED, REJECTED, CANCELLED, PAID, PARTIALLY_SHIPPED, SHIPPED, DELIVERED, PARTIALLY_REFUNDED, REFUNDED;

  private static final Map<OrderStatus, Set<OrderStatus>> NEXT = Map.of(
    PENDING, EnumSet.of(CONFIRMED, REJECTED, CANCELLED),
    CONFIRMED, EnumSet.of(PAID, CANCELLED),
    PAID, EnumSet.of(PARTIALLY_SHIPPED, SHIPPED, PARTIALLY_REFUNDED, REFUNDED, CANCELLED),
    PARTIALLY_SHIPPED, EnumSet.of(PARTIALLY_SHIPPED, SHIPPED, PARTIALLY_REFUNDED, REFUNDED, CANCELLED),
    SHIPPED, EnumSet.of(DELIVERED, PARTIALLY_REFUNDED, REFUNDED),
    DELIVERED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED),
    // a refund before the last shipment leaves the rest to ship: the status stays partially_refunded,
    // and the rest may still be cancelled (see canCancel)
    PARTIALLY_REFUNDED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED, CANCELLED),
    REJECTED, EnumSet.noneOf(OrderStatus.class),
    CANCELLED, EnumSet.noneOf(OrderStatus.class),
    REFUNDED, EnumSet.noneOf(OrderStatus.class));

  /** Money was taken and units may still wait to ship. */
  private static final Set<OrderStatus> SHIPPABLE = EnumSet.of(PAID, PARTIALLY_SHIPPED, PARTIALLY_REFUNDED);

  boolean canBecome(OrderStatus next) {
    return NEXT.get(this).contains(next);
  }

  boolean isFinal() {
    return NEXT.get(this).isEmpty();
  }

  boolean canShip() {
    return SHIPPABLE.contains(this);
  }

  /**
   * An order is cancelled while units wait to ship: before it was paid, or paid with units not
   * shipped yet, whatever was refunded of it meanwhile. A shipped unit is never cancelled, only
   * refunded when it comes back.
   */
  boolean canCancel(boolean fullyShipped) {
    return canBecome(CANCELLED) && !(canShip() && fullyShipped);
  }

  /** Where a shipment leads: a refunded order keeps saying so; otherwise shipped once every unit left. */
  OrderStatus afterShipment(boolean fullyShipped) {
    if (this == PARTIALLY_REFUNDED) {
      return this;
    }
    return fullyShipped ? SHIPPED : PARTIALLY_SHIPPED;
  }

  /** Where the delivery of the last shipment leads. */
  OrderStatus afterDelivery() {
    return this == SHIPPED ? DELIVERED : this;
  }

  /**
   * Money may go back: a paid order not refunded in full, or a cancelled one, whose shipped units
   * (never cancelled) are refunded when they come back.
   */
  boolean canRefund() {
    return canBecome(REFUNDED) || this == CANCELLED;
  }

  /** Where a refund leads; a cancelled order stays cancelled. */
  OrderStatus afterRefund(boolean fullyRefunded) {
    if (this == CANCELLED) {
      return this;
    }
    return fullyRefunded ? REFUNDED : PARTIALLY_REFUNDED;
  }

  static OrderStatus fromWire(String name) {
    return WireName.fromWire(OrderStatus.class, name);
  }
}
