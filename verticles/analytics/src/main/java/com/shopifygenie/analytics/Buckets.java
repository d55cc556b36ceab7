package com.shopifygenie.analytics;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sales time series by day, ISO week (from Monday) or calendar month, every bucket of the range
 * present: a bucket without sales is zeros, not missing.
 */
final class Buckets {

  /**
   * One day's or one bucket's sums. Revenue adds amounts and is kept exactly, however large (the
   * read models' numeric); the counts add as longs, or fail rather than wrap around.
   */
  record Totals(BigDecimal revenue, long orders, long units) {
    static final Totals ZERO = new Totals(0, 0, 0);

    Totals(long revenue, long orders, long units) {
      this(BigDecimal.valueOf(revenue), orders, units);
    }

    Totals plus(Totals other) {
      return new Totals(revenue.add(other.revenue), Math.addExact(orders, other.orders),
        Math.addExact(units, other.units));
    }
  }

  record Bucket(LocalDate start, Totals totals) {}

  private Buckets() {}

  static LocalDate startOf(LocalDate day, String interval) {
    return switch (interval) {
      case "week" -> day.with(DayOfWeek.MONDAY);
      case "month" -> day.withDayOfMonth(1);
      default -> day;
    };
  }

  static LocalDate next(LocalDate start, String interval) {
    return switch (interval) {
      case "week" -> start.plusWeeks(1);
      case "month" -> start.plusMonths(1);
      default -> start.plusDays(1);
    };
  }

  /** The days' totals summed into buckets from the one holding {@code from} to the one holding {@code to}. */
  static List<Bucket> series(LocalDate from, LocalDate to, String interval, Map<LocalDate, Totals> byDay) {
    var buckets = new ArrayList<Bucket>();
    for (var start = startOf(from, interval); !start.isAfter(to); start = next(start, interval)) {
      var sum = Totals.ZERO;
      var end = next(start, interval);
      for (var day = start.isBefore(from) ? from : start; day.isBefore(end) && !day.isAfter(to); day = day.plusDays(1)) {
        sum = sum.plus(byDay.getOrDefault(day, Totals.ZERO));
      }
      buckets.add(new Bucket(start, sum));
    }
    return buckets;
  }
}
