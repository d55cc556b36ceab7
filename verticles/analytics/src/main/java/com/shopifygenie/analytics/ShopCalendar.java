package com.shopifygenie.analytics;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** Days as the shop counts them: in its time zone (analytics.time_zone), whatever the event's offset. */
final class ShopCalendar {

  /** A run of whole days, both ends included. */
  record Days(LocalDate from, LocalDate to) {
    long length() {
      return to.toEpochDay() - from.toEpochDay() + 1;
    }

    /** The days just before, as many as these. */
    Days previous() {
      return new Days(from.minusDays(length()), from.minusDays(1));
    }
  }

  private final ZoneId zone;
  private final Clock clock;

  ShopCalendar(ZoneId zone, Clock clock) {
    this.zone = zone;
    this.clock = clock;
  }

  ZoneId zone() {
    return zone;
  }

  LocalDate dayOf(OffsetDateTime time) {
    return time.atZoneSameInstant(zone).toLocalDate();
  }

  LocalDate today() {
    return LocalDate.now(clock.withZone(zone));
  }

  /** today, 7d or 30d: that many days ending today. */
  Days period(String name) {
    var days = switch (name) {
      case "7d" -> 7;
      case "30d" -> 30;
      default -> 1;
    };
    var today = today();
    return new Days(today.minusDays(days - 1L), today);
  }
}
