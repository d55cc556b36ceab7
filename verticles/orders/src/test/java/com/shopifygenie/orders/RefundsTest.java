package com.shopifygenie.orders;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefundsTest {

  static final UUID MUG = UUID.randomUUID();
  static final UUID TEE = UUID.randomUUID();

  static Order paid(long paid, long refunded) {
    return new Order(UUID.randomUUID(), UUID.randomUUID(), OrderStatus.PARTIALLY_SHIPPED, null, 8897, "USD", paid, refunded,
      null, null, null, null);
  }

  /** 3 MUG at 1299 (2 shipped, 1 of them returned), 2 TEE at 2500 (none shipped). */
  static final List<Order.Line> LINES = List.of(
    new Order.Line("MUG", MUG, "Mug", 3, 1299, 3897, 2, 1),
    new Order.Line("TEE", TEE, "Tee", 2, 2500, 5000, 0, 0));

  @Test
  void onlyShippedUnitsNotReturnedYetAreRefundedByLineAtTheirPrice() {
    var lines = Refunds.byLines(LINES, List.of(new Refunds.Requested("MUG", 1, true)));
    assertEquals(List.of(new Refund.Line("MUG", MUG, 1, true, 1299)), lines);
    var tooMany = assertThrows(Refusal.class, () -> Refunds.byLines(LINES, List.of(new Refunds.Requested("MUG", 2, true))));
    assertEquals("/lines/0/quantity", tooMany.field);
    assertTrue(tooMany.conflict);
    var unshipped = assertThrows(Refusal.class, () -> Refunds.byLines(LINES, List.of(new Refunds.Requested("TEE", 1, true))));
    assertEquals("returnable", unshipped.rule);
    assertEquals("order-line", assertThrows(Refusal.class,
      () -> Refunds.byLines(LINES, List.of(new Refunds.Requested("HAT", 1, false)))).rule);
  }

  @Test
  void aRefundNeverExceedsWhatWasPaidMinusRefundedNorLeavesUnshippedUnitsUnpaid() {
    Refunds.check(paid(8897, 1299), LINES, 7597, "/amount/amount");
    var over = assertThrows(Refusal.class, () -> Refunds.check(paid(8897, 1299), LINES, 7599, "/amount/amount"));
    assertEquals("refundable", over.rule);
    assertThrows(Refusal.class, () -> Refunds.check(paid(8897, 1299), LINES, 7598, "/amount/amount"));
  }

  @Test
  void cancellingRefundsTheUnshippedUnitsUpToWhatIsLeftWithoutRestocking() {
    var lines = Refunds.cancellation(paid(8897, 0), LINES);
    assertEquals(List.of(new Refund.Line("MUG", MUG, 1, false, 1299), new Refund.Line("TEE", TEE, 2, false, 5000)), lines);
    var capped = Refunds.cancellation(paid(8897, 8000), LINES);
    assertEquals(897, Refunds.total(capped));
  }
}
