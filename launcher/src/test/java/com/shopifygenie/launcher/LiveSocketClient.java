package com.shopifygenie.launcher;

import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.shopifygenie.testkit.Eventually.eventually;

/** A WebSocket client of GET /live/ws that keeps every message it received and how the socket was closed. */
final class LiveSocketClient implements LiveFeedClient {

  private final WebSocketClient client;
  private final List<Message> messages = new ArrayList<>();
  private WebSocket socket;
  private int status;
  private volatile Short closeCode;
  private volatile String closeReason;
  private volatile boolean closed;

  private LiveSocketClient(WebSocketClient client) {
    this.client = client;
  }

  /**
   * Opens the socket; {@link #status} is 101 when the server upgraded it, or the status it refused
   * the upgrade with.
   */
  static LiveSocketClient connect(Vertx vertx, int port, String pathAndQuery, Map<String, String> headers) {
    var feed = new LiveSocketClient(vertx.createWebSocketClient());
    var options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(pathAndQuery);
    headers.forEach(options::addHeader);
    // handlers before connecting: the server may send its first message with the handshake's answer
    var socket = feed.client.webSocket();
    socket.textMessageHandler(feed::received);
    socket.closeHandler(v -> {
      feed.closeCode = socket.closeStatusCode();
      feed.closeReason = socket.closeReason();
      feed.closed = true;
    });
    try {
      feed.socket = socket.connect(options).await();
      feed.status = 101;
    } catch (UpgradeRejectedException refused) {
      feed.status = refused.getStatus();
    }
    return feed;
  }

  /** Connects by the Authorization header and returns once the feed is open. */
  static LiveSocketClient withHeader(Vertx vertx, int port, String query, String token, String lastEventId) {
    var headers = lastEventId == null ? Map.of("Authorization", "Bearer " + token)
      : Map.of("Authorization", "Bearer " + token, "Last-Event-ID", lastEventId);
    var feed = connect(vertx, port, "/live/ws" + query, headers);
    feed.awaitConnected();
    return feed;
  }

  /** Connects as a browser does, with an auth message, and returns once the feed is open. */
  static LiveSocketClient withAuthMessage(Vertx vertx, int port, String query, String token, String lastEventId) {
    var feed = connect(vertx, port, "/live/ws" + query, Map.of());
    var auth = new JsonObject().put("type", "auth").put("access_token", token);
    if (lastEventId != null) {
      auth.put("last_event_id", lastEventId);
    }
    feed.send(auth.encode());
    feed.awaitConnected();
    return feed;
  }

  private void awaitConnected() {
    eventually(() -> closed || messages().stream().anyMatch(m -> m.event().equals("connected")));
    if (closed) {
      throw new AssertionError("the server closed the socket: " + closeCode + " " + closeReason);
    }
  }

  int status() {
    return status;
  }

  void sendBinary(String text) {
    socket.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(text)).await();
  }

  void send(String text) {
    socket.writeTextMessage(text).await();
  }

  private synchronized void received(String text) {
    var message = new JsonObject(text);
    messages.add(new Message(message.getString("id"), message.getString("event"), message.getJsonObject("data")));
  }

  @Override
  public synchronized List<Message> messages() {
    return List.copyOf(messages);
  }

  boolean closed() {
    return closed;
  }

  @Override
  public boolean ended() {
    return closed || messages().stream().anyMatch(m -> m.event().equals("end"));
  }

  /** The close code the server sent, once {@link #closed}. */
  Short closeCode() {
    return closeCode;
  }

  String closeReason() {
    return closeReason;
  }

  @Override
  public void close() {
    client.close().await();
  }
}
