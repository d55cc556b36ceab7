package com.shopifygenie.platform;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

/**
 * The position after the last row of a page, as the opaque next_cursor a client hands back:
 * keyset pagination, stable while rows are added. Lists ordered by (time, id) use both; a list
 * ordered by id alone leaves the time null. The first page starts at {@link #START}, whose
 * time and id are null, so a query reads "($n IS NULL OR (time, id) &gt; ($n, $m))" either way.
 * A cursor names the list it was given for (the operation and its path: one customer's ledger is
 * not another's), and only that list takes it: another list would read it as a place of its own.
 */
public record PageCursor(OffsetDateTime time, UUID id) {

  public static final PageCursor START = new PageCursor(null, null);

  /** After a row of a list ordered by id alone. */
  public static PageCursor afterId(UUID id) {
    return new PageCursor(null, id);
  }

  /** The next_cursor of the list this request reads. */
  public String encode(OperationRequest list) {
    return encode(listOf(list));
  }

  public String encode(String list) {
    var raw = tag(list) + "_" + micros() + "_" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
  }

  private static String listOf(OperationRequest request) {
    return request.operationId() + request.path().encode();
  }

  /** A short mark of the list's name: a cursor stays short, and a client reads nothing from it. */
  private static String tag(String list) {
    return Integer.toUnsignedString(list.hashCode(), 36);
  }

  private String micros() {
    if (time == null) {
      return "";
    }
    var instant = time.toInstant();
    return Long.toString(instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000);
  }

  /** The cursor the request's client sent for the list it reads; see {@link #decode(String, String)}. */
  public static PageCursor decode(OperationRequest list) {
    return decode(list.query().getString("cursor"), listOf(list));
  }

  /**
   * The cursor a client sent to this list; {@link #START} when none was sent, a 400 problem when it
   * is not one this list gave.
   */
  public static PageCursor decode(String cursor, String list) {
    if (cursor == null) {
      return START;
    }
    PageCursor decoded;
    try {
      var raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      var mark = raw.indexOf('_');
      if (mark < 0 || !raw.substring(0, mark).equals(tag(list))) {
        throw Problem.validation("query.cursor", "format", "The cursor is not one this API returned for this list: "
          + "start again without one");
      }
      raw = raw.substring(mark + 1);
      var separator = raw.indexOf('_');
      var id = UUID.fromString(raw.substring(separator + 1));
      if (separator == 0) {
        decoded = afterId(id);
      } else {
        var micros = Long.parseLong(raw.substring(0, separator));
        var instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
        decoded = new PageCursor(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC), id);
      }
    } catch (Problem wrongList) {
      throw wrongList;
    } catch (RuntimeException e) {
      decoded = null;
    }
    // only what encode() writes: UUID.fromString and parseLong also read "1-1-1-1-1" and "+17"
    if (decoded == null || !decoded.encode(list).equals(cursor)) {
      throw Problem.validation("query.cursor", "format", "The cursor is not one this API returned");
    }
    return decoded;
  }
}
