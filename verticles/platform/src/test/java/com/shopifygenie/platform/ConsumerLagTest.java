package com.shopifygenie.platform;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class ConsumerLagTest {

  /** No broker answers: the lag is unknown, NaN, never a figure that looks like a live lag. */
  @Test
  void withNoBrokerToAskTheLagIsUnknown(Vertx vertx) throws Exception {
    int port;
    try (var free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    var registry = new SimpleMeterRegistry();
    var lag = new ConsumerLag(vertx, "127.0.0.1:" + port, "nobody", "catalog", registry);
    lag.start(100);
    try {
      Thread.sleep(1_000);
      var waiting = registry.get("shopifygenie_consumer_events_waiting").tag("group", "catalog").gauge().value();
      assertTrue(Double.isNaN(waiting), "the lag read " + waiting);
    } finally {
      lag.stop().await();
    }
  }
}
