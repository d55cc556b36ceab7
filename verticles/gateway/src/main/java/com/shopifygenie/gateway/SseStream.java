package com.shopifygenie.gateway;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * A live feed over Server-Sent Events (WHATWG HTML §9.2): each event as {@code id} (the event id),
 * {@code event} (its type without the "shopifygenie." prefix) and {@code data} (the event as
 * CloudEvents JSON, projected for the caller).
 */
final class SseStream implements LiveOutlet {

  private final HttpServerResponse response;
  private final HttpConnection connection;

  SseStream(HttpServerResponse response, HttpConnection connection) {
    this.response = response;
    this.connection = connection;
  }

  /**
   * Sends the headers at once, so the client knows it is connected before any event.
   *
   * @param queueBytes how many bytes may wait for the client; past them it has fallen behind
   */
  void open(int queueBytes) {
    response.setWriteQueueMaxSize(queueBytes);
    headers(response);
    response.write(": connected\n\n");
  }

  /** The answer to a HEAD: the headers a feed would open with, and its end at once. */
  static void head(HttpServerResponse response) {
    headers(response);
    // the compressor passes an answer to HEAD through untouched, so this marker would go out as
    // it is, while on the GET's answer the compressor takes it away
    response.headers().remove("Content-Encoding");
    response.writeHead();
    response.end();
  }

  private static void headers(HttpServerResponse response) {
    response.setStatusCode(200).setChunked(true)
      .putHeader("Content-Type", "text/event-stream; charset=utf-8")
      .putHeader("Cache-Control", "no-store")
      // compression would hold events back until a block fills; proxies must not buffer either
      .putHeader("Content-Encoding", "identity")
      .putHeader("X-Accel-Buffering", "no");
  }

  @Override
  public void event(String id, String type, String cloudEvent) {
    // JSON encoding escapes line breaks, so the data is one line
    response.write("id: " + id + "\nevent: " + type + "\ndata: " + cloudEvent + "\n\n");
  }

  @Override
  public void gap(JsonObject announcement) {
    response.write("event: gap\ndata: " + announcement.encode() + "\n\n");
  }

  /** A comment line. */
  @Override
  public void heartbeat() {
    response.write(":\n\n");
  }

  @Override
  public void end(LiveEnding why) {
    response.end("event: end\ndata: " + new JsonObject().put("reason", why.reason()).encode() + "\n\n");
  }

  @Override
  public void cutOff(LiveEnding why) {
    end(why);
    connection.close();
  }

  @Override
  public boolean full() {
    return response.writeQueueFull();
  }

  @Override
  public void limitQueue(int bytes) {
    response.setWriteQueueMaxSize(bytes);
  }

  @Override
  public void whenDrained(Runnable then) {
    response.drainHandler(v -> {
      response.drainHandler(null);
      then.run();
    });
  }

  @Override
  public boolean open() {
    return !response.ended() && !response.closed();
  }
}
