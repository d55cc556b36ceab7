package com.shopifygenie.analytics;

import io.vertx.core.Vertx;

import java.util.Map;

class KafkaAnalyticsFlowTest extends AnalyticsFlowTest {

  @Override
  AnalyticsSystem newSystem(Vertx vertx, Map<String, Object> settings) {
    return AnalyticsSystem.startOnKafka(vertx, settings);
  }
}
