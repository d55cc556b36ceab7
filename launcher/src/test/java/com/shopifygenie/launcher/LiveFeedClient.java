package com.shopifygenie.launcher;

import io.vertx.core.json.JsonObject;

import java.util.List;

/** A client of the live feed, over Server-Sent Events ({@link LiveClient}) or WebSocket ({@link LiveSocketClient}). */
interface LiveFeedClient {

  /** One message of the feed: the event id (null for gap and end), the event type, the data. */
  record Message(String id, String event, JsonObject data) {}

  List<Message> messages();

  /** The server ended the feed or closed its connection. */
  boolean ended();

  void close();

  /** The messages about one order, in the order they arrived. */
  default List<String> eventsOfOrder(String orderId) {
    return messages().stream().filter(m -> m.data() != null
        && orderId.equals(m.data().getJsonObject("data", new JsonObject()).getString("order_id")))
      .map(Message::event).toList();
  }
}
