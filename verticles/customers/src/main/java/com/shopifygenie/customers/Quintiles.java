package com.shopifygenie.customers;

import java.util.Arrays;

/**
 * Quintile scoring, higher values better: the boundaries are the 20th, 40th, 60th and 80th
 * percentiles of all values (the nearest-rank, or discrete, percentile: the smallest value at least
 * k/5 of the values do not exceed), and a value scores 1 plus the number of boundaries it exceeds.
 * Equal values score alike, so many ties (most customers with one order) share a score.
 */
final class Quintiles {

  private Quintiles() {}

  /** The four boundaries of the values; null when there are none. */
  static long[] boundaries(long[] values) {
    if (values.length == 0) {
      return null;
    }
    var sorted = values.clone();
    Arrays.sort(sorted);
    var n = sorted.length;
    var bounds = new long[4];
    for (int k = 1; k <= 4; k++) {
      var rank = (int) Math.ceil(k * n / 5.0);
      bounds[k - 1] = sorted[Math.max(rank, 1) - 1];
    }
    return bounds;
  }

  /** 1 to 5; null without boundaries. */
  static Integer score(long value, long[] boundaries) {
    if (boundaries == null) {
      return null;
    }
    var score = 1;
    for (var bound : boundaries) {
      if (value > bound) {
        score++;
      }
    }
    return score;
  }
}
