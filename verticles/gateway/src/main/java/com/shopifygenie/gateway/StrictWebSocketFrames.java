package com.shopifygenie.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxHandler;

import java.nio.charset.StandardCharsets;

/**
 * A WebSocket whose client breaks RFC 6455 is failed as §7.1.7 says: a Close frame with the code
 * §7.4.1 gives (1002 protocol error, 1007 a text message not in UTF-8, 1009 too big), then the
 * connection closed. Vert.x reads text without checking its UTF-8 and closes on a protocol error
 * without a word; the handlers here sit in the connection's pipeline between the frame decoder
 * and Vert.x.
 */
final class StrictWebSocketFrames extends ChannelInboundHandlerAdapter {

  /** Close reasons are at most 123 bytes (RFC 6455 §5.5). */
  private static final int REASON_BYTES = 120;

  private StrictWebSocketFrames() {}

  /**
   * Installs the checks on a connection about to be upgraded to a WebSocket, before the handshake:
   * a client may send its first frames right behind it. They sit before Vert.x's handler, which
   * the upgrade replaces, and let the HTTP messages before it pass.
   */
  static void install(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    var pipeline = base.channel().pipeline();
    var vertx = pipeline.context(VertxHandler.class);
    if (vertx == null || pipeline.get(StrictWebSocketFrames.class) != null) {
      return;
    }
    pipeline.addBefore(vertx.name(), "wsUtf8", new Utf8FrameValidator(false));
    pipeline.addBefore(vertx.name(), "wsStrict", new StrictWebSocketFrames());
  }

  /** Netty takes every close code from 3000 up; RFC 6455 §7.4.2 ends the range at 4999. */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof CloseWebSocketFrame close && close.statusCode() >= 5000) {
      var code = close.statusCode();
      close.release();
      exceptionCaught(ctx, new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR,
        "Invalid close frame status code: " + code));
      return;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException corrupted) {
      var status = corrupted.closeStatus();
      var close = new CloseWebSocketFrame(status.code(), reason(corrupted.getMessage(), status.reasonText()));
      // frames sent right behind the handshake are read while it is being made: the Close frame
      // goes after its answer
      var channel = ctx.channel();
      channel.eventLoop().execute(() -> {
        if (channel.isActive()) {
          // closed from here, not from Vert.x's end, which would start a closing handshake of its own
          ctx.writeAndFlush(close).addListener(written -> ctx.close());
        } else {
          close.release();
        }
      });
      return;
    }
    ctx.fireExceptionCaught(cause);
  }

  private static String reason(String message, String otherwise) {
    var text = message == null || message.isBlank() ? otherwise : message;
    var ascii = text.replaceAll("[^\\x20-\\x7e]", "?");
    return ascii.getBytes(StandardCharsets.US_ASCII).length <= REASON_BYTES ? ascii : ascii.substring(0, REASON_BYTES);
  }
}
