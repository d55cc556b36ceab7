package com.shopifygenie.gateway;

import com.shopifygenie.platform.Caller;
import com.shopifygenie.platform.Problem;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.Base64;

/**
 * GET /live/ws: the live feed over a WebSocket (RFC 6455), fed like the Server-Sent Events by
 * {@link LiveStreams}. A client that can set headers authenticates by its Authorization header
 * and is refused before the upgrade (401, 429) like any request. A browser, whose WebSocket
 * cannot, sends {@code {"type":"auth","access_token":"...","last_event_id":"..."}} as its first
 * message, within {@code live.auth_seconds}; otherwise, or with a token that does not verify, the
 * socket is closed with a code and a reason.
 */
final class LiveSockets {

  private final Vertx vertx;
  private final LiveStreams streams;

  LiveSockets(Vertx vertx, LiveStreams streams) {
    this.vertx = vertx;
    this.streams = streams;
  }

  /** The request is validated before (its types filter); the caller is not known yet. */
  Handler<RoutingContext> handler() {
    return ctx -> {
      var request = ctx.request();
      // a HEAD, like a GET without the header, cannot become a WebSocket (RFC 6455 §4.1)
      if (request.method() != HttpMethod.GET
        || !request.headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true)) {
        ctx.response().putHeader(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET);
        ProblemResponses.write(ctx.response(), Problem.of(426, "upgrade-required", "Upgrade required",
          "GET /live/ws is a WebSocket: send Upgrade: websocket (RFC 6455 §4.1)"));
        return;
      }
      var badHandshake = handshakeProblem(request);
      if (badHandshake != null) {
        if (badHandshake.status() == 426) {
          ctx.response().putHeader("Sec-WebSocket-Version", "13");
        }
        // the connection was offered for a WebSocket: it ends with the refusal
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        ctx.response().endHandler(v -> request.connection().close());
        ProblemResponses.write(ctx.response(), badHandshake);
        return;
      }
      var types = LiveTypes.parse(QueryString.parse(request.query()).get("types"));
      var connection = request.connection();
      StrictWebSocketFrames.install(connection);
      var token = OperationRoutes.accessToken(ctx, null);
      if (token == null) {
        request.toWebSocket().onSuccess(socket -> awaitAuth(unflooded(socket, connection), connection, types));
        return;
      }
      streams.tokens().verify(token).onSuccess(caller -> {
        var refused = streams.admit(caller);
        if (refused != null) {
          ProblemResponses.write(ctx.response(), refused);
          return;
        }
        request.toWebSocket()
          .onSuccess(socket -> open(unflooded(socket, connection), connection, caller, token, types,
            request.getHeader("Last-Event-ID")))
          .onFailure(failed -> streams.withdraw(caller));
      }).onFailure(ctx::fail);
    };
  }

  /**
   * What is wrong with a WebSocket handshake (RFC 6455 §4.2.1), answered as a problem before Vert.x
   * would answer it in plain text, or take a key that is not one: null when it is sound.
   */
  private static Problem handshakeProblem(HttpServerRequest request) {
    // RFC 9110 §7.8: Upgrade means nothing in HTTP/1.0; RFC 6455 §4.1: HTTP/1.1 or later
    if (request.version() != HttpVersion.HTTP_1_1) {
      return Problem.validation("request", "version", "A WebSocket opens over HTTP/1.1 (RFC 6455 §4.1)");
    }
    var connection = request.headers().getAll(HttpHeaders.CONNECTION).stream()
      .flatMap(value -> Arrays.stream(value.split(","))).map(String::strip);
    if (connection.noneMatch(token -> token.equalsIgnoreCase("upgrade"))) {
      return Problem.validation("header.Connection", "upgrade", "Opening a WebSocket, Connection includes Upgrade (RFC 6455 §4.1)");
    }
    var version = request.getHeader("Sec-WebSocket-Version");
    if (!"13".equals(version == null ? null : version.strip())) {
      return Problem.of(426, "upgrade-required", "Upgrade required",
        "This server speaks WebSocket version 13: send Sec-WebSocket-Version: 13 (RFC 6455 §4.4)");
    }
    if (request.headers().getAll("Sec-WebSocket-Key").size() > 1) {
      return Problem.validation("header.Sec-WebSocket-Key", "single", "Sec-WebSocket-Key is sent once (RFC 6455 §11.3.1)");
    }
    var key = request.getHeader("Sec-WebSocket-Key");
    if (key == null || !isNonce(key.strip())) {
      return Problem.validation("header.Sec-WebSocket-Key", "format",
        "Sec-WebSocket-Key is 16 random bytes in base64 (RFC 6455 §4.1)");
    }
    return null;
  }

  private static boolean isNonce(String key) {
    try {
      return key.length() == 24 && Base64.getDecoder().decode(key).length == 16;
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }

  /**
   * Vert.x answers every ping with a pong by itself: a client that sends pings and never reads the
   * pongs would have them pile up in memory without end. Once the pongs fill the connection's
   * queue, it is closed.
   */
  private static ServerWebSocket unflooded(ServerWebSocket socket, HttpConnection connection) {
    if (!socket.isClosed()) {
      socket.frameHandler(frame -> {
        if (frame.isPing() && !socket.isClosed() && socket.writeQueueFull()) {
          LiveChannel.closeNow(connection);
        }
      });
    }
    return socket;
  }

  /** The first text message must authenticate the socket, in time. */
  private void awaitAuth(ServerWebSocket socket, HttpConnection connection, LiveTypes types) {
    if (socket.isClosed()) {
      return;
    }
    var limit = streams.settings().authMs();
    var timer = vertx.setTimer(limit, id -> close(socket, LiveEnding.noAuthWithin(limit)));
    socket.closeHandler(v -> vertx.cancelTimer(timer));
    // the auth message is text: a binary one is no auth message, not one to wait past
    socket.binaryMessageHandler(binary -> {
      vertx.cancelTimer(timer);
      socket.binaryMessageHandler(ignored -> { });
      socket.textMessageHandler(ignored -> { });
      close(socket, LiveEnding.MALFORMED_AUTH);
    });
    socket.textMessageHandler(text -> {
      vertx.cancelTimer(timer);
      // later messages mean nothing: the feed goes one way
      socket.textMessageHandler(ignored -> { });
      socket.binaryMessageHandler(ignored -> { });
      var auth = authMessage(text);
      if (auth == null) {
        close(socket, LiveEnding.MALFORMED_AUTH);
        return;
      }
      var token = auth.getString("access_token");
      streams.tokens().verify(token).onComplete(verified -> {
        if (verified.failed()) {
          close(socket, LiveEnding.TOKEN_INVALID);
          return;
        }
        var caller = verified.result();
        var refused = streams.admit(caller);
        if (refused != null) {
          close(socket, LiveEnding.tooMany(refused.getMessage()));
        } else if (socket.isClosed()) {
          streams.withdraw(caller);
        } else {
          open(socket, connection, caller, token, types, auth.getString("last_event_id"));
        }
      });
    });
  }

  /**
   * {@code {"type":"auth","access_token":"..."}} with an optional string {@code last_event_id}, or
   * null; read as strictly as a request body (a name twice is refused, not the last one taken).
   */
  private static JsonObject authMessage(String text) {
    try {
      if (!(StrictJson.parse(Buffer.buffer(text)) instanceof JsonObject message)) {
        return null;
      }
      var valid = "auth".equals(message.getValue("type")) && message.getValue("access_token") instanceof String token
        && !token.isBlank() && token.length() <= 2048
        && (message.getValue("last_event_id") == null || message.getValue("last_event_id") instanceof String id
        && id.length() <= 100);
      return valid ? message : null;
    } catch (Problem notJson) {
      return null;
    }
  }

  private void open(ServerWebSocket socket, HttpConnection connection, Caller caller, String token, LiveTypes types,
      String lastEventId) {
    if (socket.isClosed()) {
      streams.withdraw(caller);
      return;
    }
    var outlet = new LiveSocket(socket, connection);
    var subscription = new LiveSubscription(outlet, caller, types, token, streams.settings().queueBytes());
    socket.closeHandler(v -> streams.leave(subscription));
    LiveChannel.limitSendBuffer(connection, streams.settings().sendBufferBytes());
    outlet.open(streams.settings().queueBytes());
    streams.join(subscription, lastEventId);
  }

  private static void close(ServerWebSocket socket, LiveEnding why) {
    if (!socket.isClosed()) {
      socket.close(why.code(), why.reason());
    }
  }
}
