package com.shopifygenie.customers;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class QuintilesTest {

  @Test
  void fiveDistinctValuesScoreOneToFive() {
    var bounds = Quintiles.boundaries(new long[] {50, 10, 40, 20, 30});
    assertArrayEquals(new long[] {10, 20, 30, 40}, bounds);
    for (long v = 10; v <= 50; v += 10) {
      assertEquals((int) (v / 10), Quintiles.score(v, bounds));
    }
  }

  @Test
  void tenValuesFallTwoToAScoreAndBoundariesAreNearestRank() {
    var bounds = Quintiles.boundaries(new long[] {9000, 200, 300, 700, 2000, 4000, 4500, 5000, 6000, 8000});
    assertArrayEquals(new long[] {300, 2000, 4500, 6000}, bounds);
    assertEquals(1, Quintiles.score(200, bounds));
    assertEquals(1, Quintiles.score(300, bounds));
    assertEquals(2, Quintiles.score(700, bounds));
    assertEquals(3, Quintiles.score(4500, bounds));
    assertEquals(4, Quintiles.score(6000, bounds));
    assertEquals(5, Quintiles.score(6001, bounds));
  }

  @Test
  void tiesShareAScoreAndFewValuesStillGiveFourBoundaries() {
    assertArrayEquals(new long[] {1, 1, 1, 1}, Quintiles.boundaries(new long[] {1, 1, 1, 1, 1, 1}));
    assertEquals(1, Quintiles.score(1, Quintiles.boundaries(new long[] {1, 1, 1})));
    var one = Quintiles.boundaries(new long[] {7});
    assertArrayEquals(new long[] {7, 7, 7, 7}, one);
    assertEquals(1, Quintiles.score(7, one));
    var two = Quintiles.boundaries(new long[] {3, 8});
    assertArrayEquals(new long[] {3, 3, 8, 8}, two);
    assertEquals(3, Quintiles.score(8, two));
    assertNull(Quintiles.boundaries(new long[0]));
    assertNull(Quintiles.score(5, null));
  }
}
