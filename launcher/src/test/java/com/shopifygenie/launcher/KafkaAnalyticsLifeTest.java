package com.shopifygenie.launcher;

import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;

class KafkaAnalyticsLifeTest extends AnalyticsLifeTest {

  @Override
  TestSystem newSystem(Vertx vertx) {
    return TestSystem.withKafka(vertx);
  }
}
