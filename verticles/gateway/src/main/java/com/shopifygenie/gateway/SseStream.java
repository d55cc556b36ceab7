package com.shopifygenie.gateway;

import com.shopifygenie.platform.Caller;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * One client's live feed over Server-Sent Events (WHATWG HTML §9.2): each event the caller may
 * see and asked for, as {@code id} (the event id), {@code event} (its type without the
 * "shopifygenie." prefix) and {@code data} (the event as CloudEvents JSON, projected for the caller).
 */
final class SseStream {

  private static final String PREFIX = "shopifygenie.";

  private final HttpServerResponse response;
  private final HttpConnection connection;
  private final Caller caller;
  private final LiveTypes types;
  private final String token;
  private final int queueBytes;

  /**
   * @param queueBytes how many bytes may wait for the client; past them the client has fallen
   *                   behind and is cut off, so it never holds the node's memory or anyone's events
   */
  SseStream(HttpServerResponse response, HttpConnection connection, Caller caller, LiveTypes types, String token,
      int queueBytes) {
    this.response = response;
    this.connection = connection;
    this.caller = caller;
    this.types = types;
    this.token = token;
    this.queueBytes = queueBytes;
  }

  Caller caller() {
    return caller;
  }

  /** The access token the stream was opened with. */
  String token() {
    return token;
  }

  /** Sends the headers at once, so the client knows it is connected before any event. */
  void open() {
    response.setWriteQueueMaxSize(queueBytes);
    response.setStatusCode(200).setChunked(true)
      .putHeader("Content-Type", "text/event-stream; charset=utf-8")
      .putHeader("Cache-Control", "no-store")
      // compression would hold events back until a block fills; proxies must not buffer either
      .putHeader("Content-Encoding", "identity")
      .putHeader("X-Accel-Buffering", "no");
    response.write(": connected\n\n");
  }

  /** Sends the event if the caller may see it and asked for its type. */
  void offer(JsonObject cloudEvent) {
    var type = cloudEvent.getString("type", "");
    if (!types.accepts(type)) {
      return;
    }
    var visible = LiveAudience.project(caller, cloudEvent);
    if (visible != null) {
      send(cloudEvent.getString("id"), type.startsWith(PREFIX) ? type.substring(PREFIX.length()) : type, visible);
    }
  }

  /**
   * Says that events after {@code lastEventId} may be missing: the buffer no longer reaches back
   * to it. Without an id, so the client's last event id stays the one it saw.
   */
  void gap(String lastEventId) {
    response.write("event: gap\ndata: " + new JsonObject().put("last_event_id", lastEventId)
      .put("reason", "events after it are no longer kept; what follows is everything kept").encode() + "\n\n");
  }

  /** A comment line: keeps an idle connection alive through proxies and idle timeouts. */
  void heartbeat() {
    if (!response.ended() && !response.closed()) {
      response.write(":\n\n");
    }
  }

  /** Tells the client why the feed ends, then ends it. */
  void end(String reason) {
    if (!response.ended() && !response.closed()) {
      response.end("event: end\ndata: " + new JsonObject().put("reason", reason).encode() + "\n\n");
    }
  }

  private void send(String id, String event, JsonObject data) {
    if (!response.ended() && !response.closed()) {
      // JSON encoding escapes line breaks, so the data is one line
      response.write("id: " + id + "\nevent: " + event + "\ndata: " + data.encode() + "\n\n");
      if (response.writeQueueFull()) {
        fellBehind();
      }
    }
  }

  /**
   * The client reads slower than events come: it is told why, though the message may not reach
   * it past the bytes still waiting, and its connection is closed rather than waiting to drain.
   * It reconnects with Last-Event-ID and gets what it missed from the buffer.
   */
  private void fellBehind() {
    end("the client fell behind the events by more than " + queueBytes + " bytes; reconnect with Last-Event-ID");
    connection.close();
  }
}
