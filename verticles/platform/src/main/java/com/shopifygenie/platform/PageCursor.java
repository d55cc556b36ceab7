package com.shopifygenie.platform;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

/**
 * The position after the last row of a page in a (time, id) ordering, as the opaque
 * next_cursor a client hands back. Keyset pagination: stable while rows are added.
 */
public record PageCursor(OffsetDateTime time, UUID id) {

  public String encode() {
    var instant = time.toInstant();
    var micros = instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    var raw = micros + "_" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
  }

  /** The cursor a client sent; null when none was sent, a 400 problem when it is not one of ours. */
  public static PageCursor decode(String cursor) {
    if (cursor == null) {
      return null;
    }
    try {
      var raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      var separator = raw.indexOf('_');
      var micros = Long.parseLong(raw.substring(0, separator));
      var instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
      return new PageCursor(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC), UUID.fromString(raw.substring(separator + 1)));
    } catch (RuntimeException e) {
      throw Problem.validation("query.cursor", "format", "The cursor is not one this API returned");
    }
  }
}
