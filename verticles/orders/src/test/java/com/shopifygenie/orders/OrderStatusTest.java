package com.shopifygenie.orders;

import org.junit.jupiter.api.Test;

import static com.shopifygenie.orders.OrderStatus.CANCELLED;
import static com.shopifygenie.orders.OrderStatus.CONFIRMED;
import static com.shopifygenie.orders.OrderStatus.PENDING;
import static com.shopifygenie.orders.OrderStatus.REJECTED;
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
}
