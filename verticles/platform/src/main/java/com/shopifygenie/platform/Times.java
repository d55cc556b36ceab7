package com.shopifygenie.platform;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times on the wire: RFC 3339 in UTC, seconds always present. */
public final class Times {

  private Times() {}

  public static String format(OffsetDateTime time) {
    return time == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.withOffsetSameInstant(ZoneOffset.UTC));
  }
}
