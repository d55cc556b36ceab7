package com.shopifygenie.accounting;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** An accounting period: a calendar month, written yyyy-mm. */
record Period(YearMonth month) {

  static Period of(LocalDate day) {
    return new Period(YearMonth.from(day));
  }

  /** The period named yyyy-mm; IllegalArgumentException for anything else. */
  static Period parse(String name) {
    try {
      if (name == null || !name.matches("[0-9]{4}-[0-9]{2}")) {
        throw new IllegalArgumentException("a period is written yyyy-mm, not " + name);
      }
      return new Period(YearMonth.parse(name));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("a period is written yyyy-mm, not " + name, e);
    }
  }

  LocalDate firstDay() {
    return month.atDay(1);
  }

  /** The first day after the period. */
  LocalDate end() {
    return month.plusMonths(1).atDay(1);
  }

  boolean contains(LocalDate day) {
    return YearMonth.from(day).equals(month);
  }

  /**
   * Where a posting dated {@code day} lands: on that day when its period is open, otherwise on the
   * first day of the first open period after it (an event arriving late does not reopen a
   * closed month).
   */
  static LocalDate landing(LocalDate day, Set<Period> closed) {
    var landing = day;
    while (closed.contains(Period.of(landing))) {
      landing = Period.of(landing).end();
    }
    return landing;
  }

  @Override
  public String toString() {
    return month.toString();
  }
}
