package com.shopifygenie.gateway;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxHandler;

/**
 * A client may end its side of the connection once its request is sent (shutdown(SHUT_WR)) and
 * still read the answer (RFC 9112 §9.6). Netty closed the whole connection at the end of its
 * input, so a request that ran was never answered, and a retry could do it twice. Here the
 * connection stays open for writing once the client's side ended, and closes as soon as every
 * request read has its answer (at once when none waits, or when the answer is the live feed, which
 * never ends). Installed on each connection before it reads a byte, between the HTTP codec and Vert.x.
 */
final class HalfClosedClients extends ChannelDuplexHandler {

  private int unanswered;
  private boolean inputEnded;
  /** An answer that streams until the client goes (the live feed's events): its end never comes. */
  private boolean streaming;

  private HalfClosedClients() {}

  static void install(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    var channel = base.channel();
    var vertx = channel.pipeline().context(VertxHandler.class);
    if (vertx == null) {
      return;
    }
    channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    channel.pipeline().addBefore(vertx.name(), "halfClosed", new HalfClosedClients());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      unanswered++;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      inputEnded = true;
      // a client that closed its socket ends its input just as one that only half-closed: a feed
      // has no end to wait for, and would keep the place of a client long gone
      if (unanswered == 0 || streaming) {
        ctx.close();
        return;
      }
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response) {
      streaming = String.valueOf(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).startsWith("text/event-stream");
    }
    if (msg instanceof LastHttpContent) {
      streaming = false;
    }
    // 100 Continue answers nothing yet; 101 Switching Protocols is the upgrade request's answer
    var interim = msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL
      && !response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS);
    if (!interim && (msg instanceof LastHttpContent || isSwitch(msg)) && --unanswered <= 0 && inputEnded) {
      var written = promise.isVoid() ? ctx.newPromise() : promise;
      written.addListener(done -> ctx.close());
      ctx.write(msg, written);
      return;
    }
    ctx.write(msg, promise);
  }

  private static boolean isSwitch(Object msg) {
    return msg instanceof HttpResponse response && response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS);
  }
}
