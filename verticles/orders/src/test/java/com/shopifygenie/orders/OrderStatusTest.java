package com.shopifygenie.orders;

import org.junit.jupiter.api.Test;

import static com.shopifygenie.orders.OrderStatus.CANCELLED;
import static com.shopifygenie.orders.OrderStatus.CONFIRMED;
import static com.shopifygenie.orders.OrderStatus.PENDING;
import static com.shopifygenie.orders.OrderStatus.REJECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderStatusTest {

  @Test
  void aPendingOrderIsConfirmedRejectedOrCancelled() {
    assertTrue(PENDING.canBecome(CONFIRMED));
    assertTrue(PENDING.canBecome(REJECTED));
    assertTrue(PENDING.canBecome(CANCELLED));
    assertFalse(PENDING.canBecome(PENDING));
  }

  @Test
  void aConfirmedOrderCanOnlyBeCancelled() {
    assertTrue(CONFIRMED.canBecome(CANCELLED));
    assertFalse(CONFIRMED.canBecome(REJECTED));
    assertFalse(CONFIRMED.canBecome(PENDING));
  }

  @Test
  void rejectedAndCancelledAreFinal() {
    for (var next : OrderStatus.values()) {
      assertFalse(REJECTED.canBecome(next));
      assertFalse(CANCELLED.canBecome(next));
    }
    assertTrue(REJECTED.isFinal());
    assertTrue(CANCELLED.isFinal());
    assertFalse(CONFIRMED.isFinal());
  }

  @Test
  void aPaidOrderShipsInPartsIsRefundedOrCancelledButNeverPaidAgain() {
    assertTrue(CONFIRMED.canBecome(OrderStatus.PAID));
    assertFalse(OrderStatus.PAID.canBecome(OrderStatus.PAID));
    assertTrue(OrderStatus.PAID.canBecome(CANCELLED));
    assertTrue(OrderStatus.PARTIALLY_SHIPPED.canBecome(CANCELLED));
    assertFalse(OrderStatus.SHIPPED.canBecome(CANCELLED), "a shipped unit is refunded, never cancelled");
    assertTrue(OrderStatus.PAID.canShip());
    assertFalse(CONFIRMED.canShip());
    assertFalse(OrderStatus.SHIPPED.canShip());
    assertTrue(OrderStatus.REFUNDED.isFinal());
  }

  /** A refund's 409 tells the client to cancel the order for units that did not ship: that must work. */
  @Test
  void anOrderIsCancelledWhileUnitsWaitToShipWhateverWasRefunded() {
    assertTrue(PENDING.canCancel(false));
    assertTrue(CONFIRMED.canCancel(false));
    assertTrue(OrderStatus.PAID.canCancel(false));
    assertTrue(OrderStatus.PARTIALLY_SHIPPED.canCancel(false));
    assertTrue(OrderStatus.PARTIALLY_REFUNDED.canCancel(false), "a partial refund before the last shipment");
    assertTrue(OrderStatus.PARTIALLY_REFUNDED.canBecome(CANCELLED));
    assertFalse(OrderStatus.PARTIALLY_REFUNDED.canCancel(true), "every unit shipped: refunded, never cancelled");
    for (var status : OrderStatus.values()) {
      assertFalse(status.canCancel(true) && status.canShip(), status + " shipped in full");
      // wherever units may wait to ship, they can be cancelled
      if (status.canShip()) {
        assertTrue(status.canCancel(false), status.toString());
      }
    }
    for (var done : new OrderStatus[] {OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.REFUNDED, CANCELLED, REJECTED}) {
      assertFalse(done.canCancel(true), done.toString());
    }
  }

  @Test
  void theStatusFollowsShipmentsDeliveriesAndRefunds() {
    assertEquals(OrderStatus.PARTIALLY_SHIPPED, OrderStatus.PAID.afterShipment(false));
    assertEquals(OrderStatus.SHIPPED, OrderStatus.PARTIALLY_SHIPPED.afterShipment(true));
    assertEquals(OrderStatus.PARTIALLY_REFUNDED, OrderStatus.PARTIALLY_REFUNDED.afterShipment(true));
    assertEquals(OrderStatus.DELIVERED, OrderStatus.SHIPPED.afterDelivery());
    assertEquals(CANCELLED, CANCELLED.afterDelivery());
    assertEquals(OrderStatus.REFUNDED, OrderStatus.DELIVERED.afterRefund(true));
    assertEquals(OrderStatus.PARTIALLY_REFUNDED, OrderStatus.DELIVERED.afterRefund(false));
    assertTrue(CANCELLED.canRefund(), "the shipped units of a cancelled order are refunded when they come back");
    assertEquals(CANCELLED, CANCELLED.afterRefund(true));
    assertFalse(OrderStatus.REFUNDED.canRefund());
    assertFalse(CONFIRMED.canRefund());
    for (var from : OrderStatus.values()) {
      for (var shipped : new boolean[] {false, true}) {
        if (from.canShip()) {
          var to = from.afterShipment(shipped);
          assertTrue(from == to || from.canBecome(to), from + " -> " + to);
        }
      }
    }
  }
}
