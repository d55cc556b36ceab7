package com.shopifygenie.customers;

import java.math.BigInteger;
import java.util.Currency;

/**
 * Loyalty points arithmetic, in integers: amounts are minor units, points are whole, every
 * division rounds down (the shop never gives a fraction of a point it did not promise).
 */
final class Points {

  private Points() {}

  /**
   * The points a payment earns: {@code pointsPerUnit} for each whole currency unit paid (100 minor
   * units of USD, 1 of JPY, by ISO 4217's minor units; a code Java does not know counts as 2).
   */
  static long earned(long amountMinor, String currency, long pointsPerUnit) {
    var minorPerUnit = BigInteger.TEN.pow(minorDigits(currency));
    return BigInteger.valueOf(amountMinor).divide(minorPerUnit).multiply(BigInteger.valueOf(pointsPerUnit))
      .longValueExact();
  }

  /**
   * The points of an order due back once {@code refundedTotal} of {@code paid} went back: the same
   * share of the points it earned, rounded down. Taken from the total refunded so far, never added
   * up refund by refund, so several partial refunds take back exactly what one refund of their sum
   * would, and a full refund takes back every point.
   */
  static long dueBack(long earned, long paid, long refundedTotal) {
    if (paid <= 0 || earned <= 0) {
      return 0;
    }
    var refunded = Math.min(Math.max(refundedTotal, 0), paid);
    return BigInteger.valueOf(earned).multiply(BigInteger.valueOf(refunded)).divide(BigInteger.valueOf(paid))
      .longValueExact();
  }

  private static int minorDigits(String currency) {
    try {
      return Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
    } catch (IllegalArgumentException unknown) {
      return 2;
    }
  }
}
