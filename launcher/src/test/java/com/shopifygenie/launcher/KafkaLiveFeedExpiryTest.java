package com.shopifygenie.launcher;

import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;

/** {@link LiveFeedExpiryTest} with the feed carried by Kafka, as a gateway node of a split deploy hears it. */
class KafkaLiveFeedExpiryTest extends LiveFeedExpiryTest {

  @Override
  TestSystem newSystem(Vertx vertx) {
    return TestSystem.withKafka(vertx);
  }
}
