package com.shopifygenie.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageCursorTest {

  private static final String LIST = "listOrders{}";

  @Test
  void aCursorItGaveReadsBackAsItsPlace() {
    var place = new PageCursor(OffsetDateTime.of(2026, 11, 28, 2, 56, 52, 399_638_000, ZoneOffset.UTC), UUID.randomUUID());
    assertEquals(place, PageCursor.decode(place.encode(LIST), LIST));
    var afterId = PageCursor.afterId(UUID.randomUUID());
    assertEquals(afterId, PageCursor.decode(afterId.encode(LIST), LIST));
  }

  /** Another list would read it as a place of its own: the orders' cursor as the products' place. */
  @Test
  void aCursorOfAnotherListIsRefused() {
    var place = new PageCursor(OffsetDateTime.of(2026, 11, 28, 2, 56, 52, 399_638_000, ZoneOffset.UTC), UUID.randomUUID());
    for (var other : List.of("listProducts{}", "listOrders{\"customer_id\":\"" + UUID.randomUUID() + "\"}", "")) {
      var refused = assertThrows(Problem.class, () -> PageCursor.decode(place.encode(LIST), other));
      assertEquals(400, refused.status());
      assertTrue(refused.getMessage().contains("this list"), refused::getMessage);
    }
  }

  /** What Java's parsers read leniently but this API never wrote: a 400, never a place guessed at. */
  @ParameterizedTest
  @ValueSource(strings = {"1795795143826075_1-1-1-1-1", "1795795143826075_01a22015-8aaf-7c10-ad02-41d971251da",
    "+17_01a22015-8aaf-7c10-ad02-41d971251dab", "017_01a22015-8aaf-7c10-ad02-41d971251dab",
    "17_01A22015-8AAF-7C10-AD02-41D971251DAB", "17_01a22015-8aaf-7c10-ad02-41d971251dab "})
  void aCursorItNeverWroteIsRefused(String raw) {
    var tagged = Integer.toUnsignedString(LIST.hashCode(), 36) + "_" + raw;
    var cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(tagged.getBytes(StandardCharsets.US_ASCII));
    var refused = assertThrows(Problem.class, () -> PageCursor.decode(cursor, LIST));
    assertEquals(400, refused.status());
  }
}
