package com.shopifygenie.orders;

import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;

class KafkaOrderDeliveryTest extends OrderDeliveryTest {

  @Override
  TestSystem newSystem(Vertx vertx) {
    return TestSystem.withKafka(vertx);
  }
}
