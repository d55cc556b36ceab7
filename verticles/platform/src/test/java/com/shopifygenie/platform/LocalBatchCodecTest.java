package com.shopifygenie.platform;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/** A batch of local events: each group gets its own copy; across the wire it keeps every field. */
class LocalBatchCodecTest {

  private static final EventSource ORDERS = new EventSource("orders", Map.of("order", "order-events"));

  private static LocalEventTransport.Batch batch() {
    var at = OffsetDateTime.of(2026, 11, 26, 21, 0, 0, 123_456_000, ZoneOffset.ofHours(2));
    var first = ORDERS.event("order.created", Ids.next(), new JsonObject().put("order_id", "a").put("lines",
      new io.vertx.core.json.JsonArray().add(new JsonObject().put("sku", "MUG"))));
    return new LocalEventTransport.Batch(List.of(
      new DomainEvent(first.id(), first.source(), first.type(), first.subject(), at, first.data()),
      ORDERS.event("order.confirmed", Ids.next(), new JsonObject().put("order_id", "b"))));
  }

  @Test
  void eachGroupGetsItsOwnDataInUtc() {
    var sent = batch();
    var received = new LocalEventTransport.BatchCodec().transform(sent);
    assertEquals(sent.events().get(0).time().toInstant(), received.events().get(0).time().toInstant());
    assertEquals(ZoneOffset.UTC, received.events().get(0).time().getOffset());
    assertEquals(sent.events().get(0).data(), received.events().get(0).data());
    assertNotSame(sent.events().get(0).data(), received.events().get(0).data());
    received.events().get(0).data().getJsonArray("lines").getJsonObject(0).put("sku", "TEE");
    assertEquals("MUG", sent.events().get(0).data().getJsonArray("lines").getJsonObject(0).getString("sku"));
  }

  @Test
  void aBatchCrossesTheWireWhole() {
    var codec = new LocalEventTransport.BatchCodec();
    var sent = codec.transform(batch());
    var buffer = Buffer.buffer("ahead");
    codec.encodeToWire(buffer, sent);
    assertEquals(sent, codec.decodeFromWire(5, buffer));
  }
}
