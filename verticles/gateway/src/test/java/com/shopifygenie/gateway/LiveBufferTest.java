package com.shopifygenie.gateway;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveBufferTest {

  private static LiveEvent event(String id) {
    return LiveEvent.of(new JsonObject().put("id", id));
  }

  private static List<String> ids(LiveBuffer.Replay replay) {
    return replay.events().stream().map(LiveEvent::id).toList();
  }

  @Test
  void aReconnectGetsEveryEventAfterTheLastItSaw() {
    var buffer = new LiveBuffer(10, 60_000);
    List.of("a", "b", "c", "d").forEach(id -> buffer.add(event(id), 0));
    var replay = buffer.after("b", 1);
    assertFalse(replay.gap());
    assertEquals(List.of("c", "d"), ids(replay));
    assertEquals(List.of(), ids(buffer.after("d", 1)));
    assertFalse(buffer.after("d", 1).gap());
  }

  @Test
  void aRedeliveredEventIsHeldOnceWhereItWasFirstHeard() {
    var buffer = new LiveBuffer(10, 60_000);
    assertTrue(buffer.add(event("a"), 0));
    assertTrue(buffer.add(event("b"), 0));
    assertTrue(buffer.add(event("c"), 0));
    // the transport delivers at least once: "a" again must not hide "b" and "c" from a reconnect after "a"
    assertFalse(buffer.add(event("a"), 0));
    assertEquals(List.of("b", "c"), ids(buffer.after("a", 1)));
    assertEquals(3, buffer.size());
  }

  @Test
  void anEventPushedOutOfTheBufferIsAnnouncedAsAGap() {
    var buffer = new LiveBuffer(2, 60_000);
    List.of("a", "b", "c").forEach(id -> buffer.add(event(id), 0));
    var replay = buffer.after("a", 1);
    assertTrue(replay.gap());
    assertEquals(List.of("b", "c"), ids(replay));
    assertTrue(buffer.after("never-seen", 1).gap());
  }

  @Test
  void eventsOlderThanTheAgeAreForgotten() {
    var buffer = new LiveBuffer(10, 1_000);
    buffer.add(event("a"), 0);
    buffer.add(event("b"), 500);
    buffer.add(event("c"), 1_200);
    var replay = buffer.after("a", 1_200);
    assertTrue(replay.gap());
    assertEquals(List.of("b", "c"), ids(replay));
    assertEquals(List.of("c"), ids(buffer.after("b", 1_400)));
    assertTrue(buffer.after("b", 1_600).gap());
  }
}
