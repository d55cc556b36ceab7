package com.shopifygenie.analytics;

/**
 * How soon a product runs out and how much to order: the sales velocity (units a day over the
 * window), days of cover left at that velocity, and a quantity covering the lead time's demand plus
 * safety stock z × σ(daily demand) × √(lead time), less what is available.
 */
final class Reorder {

  /** What the window's sales say; {@code daysOfCover} is null for a product that did not sell. */
  record Suggestion(double velocity, double dailyDeviation, Double daysOfCover, long quantity) {}

  private Reorder() {}

  /**
   * @param unitsSold   units sold over the window
   * @param sumOfSquares the sum over the window's days of each day's units squared (days without sales count as 0)
   */
  static Suggestion suggest(long available, long unitsSold, double sumOfSquares, int windowDays, int leadTimeDays,
                            double z) {
    if (unitsSold <= 0) {
      return new Suggestion(0, 0, null, 0);
    }
    var velocity = (double) unitsSold / windowDays;
    var variance = Math.max(0, sumOfSquares / windowDays - velocity * velocity);
    var deviation = Math.sqrt(variance);
    var cover = Math.max(0, available) / velocity;
    var needed = velocity * leadTimeDays + z * deviation * Math.sqrt(leadTimeDays) - Math.max(0, available);
    var quantity = needed <= 0 ? 0 : (long) Math.ceil(needed - 1e-9);
    return new Suggestion(velocity, deviation, cover, quantity);
  }
}
