package com.shopifygenie.analytics;

import io.vertx.core.Vertx;

import java.util.Map;

class LocalAnalyticsFlowTest extends AnalyticsFlowTest {

  @Override
  AnalyticsSystem newSystem(Vertx vertx, Map<String, Object> settings) {
    return AnalyticsSystem.start(vertx, settings);
  }
}
