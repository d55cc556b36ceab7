package com.shopifygenie.analytics;

/** A figure of a period against the same figure of the period before, of the same length. */
record Change(long value, long previous) {

  long difference() {
    return value - previous;
  }

  /** In percent of the previous value, to two decimals; null when the previous was zero. */
  Double percent() {
    return previous == 0 ? null : Math.round(difference() * 10_000.0 / previous) / 100.0;
  }
}
