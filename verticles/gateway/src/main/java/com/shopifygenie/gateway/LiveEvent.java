package com.shopifygenie.gateway;

import com.shopifygenie.platform.DomainEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * An event as the live feeds carry it: its CloudEvents JSON, written once, with what choosing its
 * audience needs beside it. It never changes, so the gateway instances of a node share one copy in
 * their buffers. A node keeps thousands of recent events: held as trees of JSON objects, copied for
 * every instance, they outlived many young collections and were most of what the garbage collector
 * moved under load.
 */
record LiveEvent(String id, String type, String customerId, String json) {

  static LiveEvent of(DomainEvent event) {
    return of(event.toCloudEvent());
  }

  static LiveEvent of(JsonObject cloudEvent) {
    var data = cloudEvent.getValue("data") instanceof JsonObject object ? object : null;
    var customer = data == null ? null : data.getValue("customer_id");
    return new LiveEvent(cloudEvent.getString("id"), cloudEvent.getString("type", ""),
      customer instanceof String text ? text : null, cloudEvent.encode());
  }

  /** A tree of its own, for whoever changes it. */
  JsonObject cloudEvent() {
    return new JsonObject(json);
  }

  /** Handed on by reference within the node; as its JSON, should it ever go further. */
  static final class Codec implements MessageCodec<LiveEvent, LiveEvent> {

    static final String NAME = "shopifygenie.live-event";

    @Override
    public void encodeToWire(Buffer buffer, LiveEvent event) {
      var bytes = Buffer.buffer(event.json());
      buffer.appendInt(bytes.length()).appendBuffer(bytes);
    }

    @Override
    public LiveEvent decodeFromWire(int pos, Buffer buffer) {
      return of(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + buffer.getInt(pos))));
    }

    @Override
    public LiveEvent transform(LiveEvent event) {
      return event;
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
