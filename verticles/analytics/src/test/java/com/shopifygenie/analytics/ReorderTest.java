package com.shopifygenie.analytics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ReorderTest {

  @Test
  void velocityCoverAndQuantityWithSafetyStock() {
    // 4 days of window, sales 2, 4, 0, 6: 12 units, 3 a day; squares 4 + 16 + 36 = 56, variance 14 - 9 = 5
    var s = Reorder.suggest(9, 12, 56, 4, 4, 2.0);
    assertEquals(3.0, s.velocity(), 1e-12);
    assertEquals(Math.sqrt(5), s.dailyDeviation(), 1e-12);
    assertEquals(3.0, s.daysOfCover(), 1e-12);
    // 3 × 4 + 2 × √5 × 2 - 9 = 3 + 8.944 = 11.94 -> 12
    assertEquals(12, s.quantity());
  }

  @Test
  void enoughStockNeedsNoReorder() {
    assertEquals(0, Reorder.suggest(1000, 28, 28, 28, 7, 1.65).quantity());
  }

  @Test
  void aProductWithoutSalesHasNoCoverAndNoQuantity() {
    var s = Reorder.suggest(5, 0, 0, 28, 7, 1.65);
    assertNull(s.daysOfCover());
    assertEquals(0, s.quantity());
    assertEquals(0.0, s.velocity());
  }
}
