package com.shopifygenie.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * A live feed over a WebSocket: each event as a text message {@code {"id", "event", "data"}} with
 * the same meaning as the fields of a Server-Sent Event; {@code gap} and {@code end} likewise; a
 * ping as heartbeat; the end as a close frame with its code and reason.
 */
final class LiveSocket implements LiveOutlet {

  private final ServerWebSocket socket;
  private final HttpConnection connection;

  LiveSocket(ServerWebSocket socket, HttpConnection connection) {
    this.socket = socket;
    this.connection = connection;
  }

  /** Says the feed is open, so the client knows its auth was taken before any event comes. */
  void open(int queueBytes) {
    socket.setWriteQueueMaxSize(queueBytes);
    socket.writeTextMessage(new JsonObject().put("event", "connected").encode());
  }

  @Override
  public void event(String id, String type, String cloudEvent) {
    // the event's JSON as it was written once for every feed
    socket.writeTextMessage("{\"id\":" + Json.encode(id) + ",\"event\":" + Json.encode(type) + ",\"data\":" + cloudEvent + "}");
  }

  @Override
  public void gap(JsonObject announcement) {
    socket.writeTextMessage(new JsonObject().put("event", "gap").put("data", announcement).encode());
  }

  @Override
  public void heartbeat() {
    socket.writePing(Buffer.buffer());
  }

  @Override
  public void end(LiveEnding why) {
    socket.writeTextMessage(endMessage(why));
    socket.close(why.code(), why.reason());
  }

  private static String endMessage(LiveEnding why) {
    return new JsonObject().put("event", "end").put("data", new JsonObject().put("reason", why.reason())).encode();
  }

  /**
   * The end message and the close frame wait behind the bytes the client does not read, and the
   * client would never answer the close: the connection is closed at once, without the closing
   * handshake, and what did not reach the client is dropped.
   */
  @Override
  public void cutOff(LiveEnding why) {
    socket.writeTextMessage(endMessage(why));
    // no close frame: the reset drops it with the rest, and Vert.x's close would race the reset
    // over the same channel promise
    LiveChannel.closeNow(connection);
  }

  @Override
  public boolean full() {
    return socket.writeQueueFull();
  }

  @Override
  public void limitQueue(int bytes) {
    socket.setWriteQueueMaxSize(bytes);
  }

  @Override
  public void whenDrained(Runnable then) {
    socket.drainHandler(v -> {
      socket.drainHandler(null);
      then.run();
    });
  }

  @Override
  public boolean open() {
    return !socket.isClosed();
  }
}
