package com.shopifygenie.gateway;

import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The TCP connection under a live feed, reached where Vert.x offers no API: its kernel send
 * buffer, set per connection, and a close that does not wait for a client that reads nothing.
 * Besides {@link StrictRequestDecoder}, the one look at Vert.x's internals.
 */
final class LiveChannel {

  private LiveChannel() {}

  /**
   * Linux grows a connection's send buffer by itself up to megabytes ({@code net.ipv4.tcp_wmem});
   * a live feed sends small messages and must notice a client that stopped reading before the
   * kernel has taken megabytes for it, so its connection gets a fixed one. A connection the client
   * has already reset has none to set.
   */
  static void limitSendBuffer(HttpConnection connection, int bytes) {
    if (connection instanceof ConnectionBase base) {
      try {
        base.channel().config().setOption(ChannelOption.SO_SNDBUF, bytes);
      } catch (ChannelException closedAlready) {
        // its close reaches the feed's close handler all the same
      }
    }
  }

  /**
   * Resets the connection now, dropping what waits for the client. Vert.x closes a WebSocket by
   * its close frame and handshake, which would wait behind the bytes the client does not read for
   * an answer that never comes, while whatever the client still sends (pings, answered by pongs)
   * piles up: the close goes from the first handler of the pipeline to the socket, past Vert.x's.
   */
  static void closeNow(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      connection.close();
      return;
    }
    var channel = base.channel();
    try {
      channel.config().setOption(ChannelOption.SO_LINGER, 0);
    } catch (ChannelException closedAlready) {
      return;
    }
    var first = channel.pipeline().firstContext();
    if (first != null) {
      first.close();
    } else {
      channel.close();
    }
  }
}
