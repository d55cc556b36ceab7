package com.shopifygenie.gateway;

import io.netty.channel.ChannelOption;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The kernel's send buffer of one connection. Linux grows it by itself up to megabytes
 * ({@code net.ipv4.tcp_wmem}); a live feed sends small messages and must notice a client that
 * stopped reading before the kernel has taken megabytes for it, so its connection gets a fixed
 * one. Vert.x sets the buffer only per server, hence the one look at its internals besides
 * {@link StrictRequestDecoder}.
 */
final class SendBuffer {

  private SendBuffer() {}

  static void limit(HttpConnection connection, int bytes) {
    if (connection instanceof ConnectionBase base) {
      base.channel().config().setOption(ChannelOption.SO_SNDBUF, bytes);
    }
  }
}
