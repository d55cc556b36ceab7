package com.shopifygenie.launcher;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A Server-Sent Events client of GET /live/events that keeps every message it received. */
final class LiveClient implements LiveFeedClient {

  private final HttpClient http;
  private final List<Message> messages = new ArrayList<>();
  private final StringBuilder pending = new StringBuilder();
  private final StringBuilder text = new StringBuilder();
  private int status;
  private boolean closed;

  private LiveClient(HttpClient http) {
    this.http = http;
  }

  /** Connects and returns once the server answered (the stream is then registered). */
  static LiveClient connect(Vertx vertx, int port, String pathAndQuery, Map<String, String> headers) {
    var client = new LiveClient(vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(port)));
    var options = new RequestOptions().setMethod(HttpMethod.GET).setURI(pathAndQuery);
    headers.forEach(options::putHeader);
    // asked from a context of its own, so the answer's listener runs in the task that delivers the
    // answer and takes every chunk from the first, even of an answer that ends at once
    Promise<HttpClientResponse> answered = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> client.http.request(options).compose(HttpClientRequest::send)
      .onSuccess(r -> {
        r.handler(chunk -> client.received(chunk.toString()));
        r.endHandler(end -> client.closed());
        r.exceptionHandler(failure -> client.closed());
      })
      .onComplete(answered));
    var response = answered.future().await();
    client.status = response.statusCode();
    return client;
  }

  int status() {
    return status;
  }

  private synchronized void received(String text) {
    this.text.append(text);
    pending.append(text);
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      var block = pending.substring(0, end);
      pending.delete(0, end + 2);
      String id = null;
      String event = null;
      String data = null;
      for (var line : block.split("\n")) {
        if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = line.substring(6);
        }
      }
      if (event != null) {
        messages.add(new Message(id, event, data == null ? null : new JsonObject(data)));
      }
    }
  }

  private synchronized void closed() {
    closed = true;
  }

  /** How many characters were received so far: cheaper than the {@link #text} of a long feed. */
  synchronized int length() {
    return text.length();
  }

  /** The server ended the feed or its connection: told why or, cut off, not. */
  @Override
  public synchronized boolean ended() {
    return closed || messages.stream().anyMatch(m -> m.event().equals("end"));
  }

  /** Everything received so far, as text: the body of an answer that is not a stream. */
  synchronized String text() {
    return text.toString();
  }

  @Override
  public synchronized List<Message> messages() {
    return List.copyOf(messages);
  }

  @Override
  public void close() {
    http.close().await();
  }
}
