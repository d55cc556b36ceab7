package com.shopifygenie.analytics;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BucketsTest {

  private static final Map<LocalDate, Buckets.Totals> SALES = Map.of(
    LocalDate.parse("2026-03-02"), new Buckets.Totals(100, 1, 2),
    LocalDate.parse("2026-03-08"), new Buckets.Totals(50, 1, 1),
    LocalDate.parse("2026-03-09"), new Buckets.Totals(30, 2, 3),
    LocalDate.parse("2026-04-01"), new Buckets.Totals(7, 1, 1));

  @Test
  void daysWithoutSalesAreZeros() {
    var days = Buckets.series(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-03"), "day", SALES);
    assertEquals(3, days.size());
    assertEquals(Buckets.Totals.ZERO, days.get(0).totals());
    assertEquals(new Buckets.Totals(100, 1, 2), days.get(1).totals());
    assertEquals(Buckets.Totals.ZERO, days.get(2).totals());
  }

  @Test
  void weeksStartOnMondayAndCountOnlyTheRangesDays() {
    // 2026-03-02 is a Monday; the range starts on Tuesday the 3rd, so the first week holds only the 8th
    var weeks = Buckets.series(LocalDate.parse("2026-03-03"), LocalDate.parse("2026-03-16"), "week", SALES);
    assertEquals(3, weeks.size());
    assertEquals(LocalDate.parse("2026-03-02"), weeks.get(0).start());
    assertEquals(new Buckets.Totals(50, 1, 1), weeks.get(0).totals());
    assertEquals(new Buckets.Totals(30, 2, 3), weeks.get(1).totals());
    assertEquals(Buckets.Totals.ZERO, weeks.get(2).totals());
  }

  @Test
  void monthsSumTheirDays() {
    var months = Buckets.series(LocalDate.parse("2026-02-15"), LocalDate.parse("2026-04-30"), "month", SALES);
    assertEquals(3, months.size());
    assertEquals(Buckets.Totals.ZERO, months.get(0).totals());
    assertEquals(new Buckets.Totals(180, 4, 6), months.get(1).totals());
    assertEquals(new Buckets.Totals(7, 1, 1), months.get(2).totals());
  }
}
