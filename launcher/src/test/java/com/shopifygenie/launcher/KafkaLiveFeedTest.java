package com.shopifygenie.launcher;

import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;

class KafkaLiveFeedTest extends LiveFeedTest {

  @Override
  TestSystem newSystem(Vertx vertx) {
    return TestSystem.withKafka(vertx);
  }
}
