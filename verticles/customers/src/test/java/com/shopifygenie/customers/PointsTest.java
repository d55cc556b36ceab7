package com.shopifygenie.customers;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PointsTest {

  @Test
  void aPaymentEarnsWholePointsPerWholeCurrencyUnit() {
    assertEquals(123, Points.earned(12_399, "USD", 1));
    assertEquals(369, Points.earned(12_399, "USD", 3));
    assertEquals(0, Points.earned(99, "USD", 1));
    assertEquals(1_000, Points.earned(1_000, "JPY", 1));
    assertEquals(12, Points.earned(12_345, "BHD", 1));
    assertEquals(1, Points.earned(150, "XQQ", 1));
    // whole units first: 1.99 dollars is one dollar, at any rate
    assertEquals(5, Points.earned(199, "USD", 5));
    assertEquals(((1L << 62) / 100) * 10, Points.earned(1L << 62, "USD", 10));
  }

  @Test
  void refundsTakeBackTheirShareOfTheOrdersPoints() {
    assertEquals(0, Points.dueBack(123, 12_399, 0));
    assertEquals(61, Points.dueBack(123, 12_399, 6_200));
    assertEquals(123, Points.dueBack(123, 12_399, 12_399));
    // never more than the order earned, even if more was refunded than paid
    assertEquals(123, Points.dueBack(123, 12_399, 20_000));
    assertEquals(0, Points.dueBack(0, 0, 0));
  }

  @Test
  void partialRefundsAddUpToWhatOneRefundOfTheirSumTakes() {
    long earned = 997;
    long paid = 99_700;
    long refunded = 0;
    long dueBefore = 0;
    long taken = 0;
    long roundedEachTime = 0;
    for (long part : new long[] {333, 3_333, 33_333, 33, 62_668}) {
      refunded += part;
      var due = Points.dueBack(earned, paid, refunded);
      assertTrue(due >= dueBefore);
      taken += due - dueBefore;
      dueBefore = due;
      roundedEachTime += Points.dueBack(earned, paid, part);
    }
    assertEquals(earned, taken);
    // rounding each refund on its own would leave points behind
    assertTrue(roundedEachTime < earned, "rounded each time: " + roundedEachTime);
  }

  @Test
  void tiersFollowTheThresholds() {
    var tiers = new Tiers(500, 2_000, Duration.ofDays(365));
    assertEquals(Tier.BRONZE, tiers.of(0));
    assertEquals(Tier.BRONZE, tiers.of(499));
    assertEquals(Tier.SILVER, tiers.of(500));
    assertEquals(Tier.SILVER, tiers.of(1_999));
    assertEquals(Tier.GOLD, tiers.of(2_000));
    assertEquals(Tier.SILVER, Tiers.from(new JsonObject()).of(700));
    assertThrows(RuntimeException.class, () -> new Tiers(500, 500, Duration.ofDays(1)));
  }
}
