package com.shopifygenie.customers;

import io.vertx.core.Vertx;

import java.util.Map;

class KafkaCustomersFlowTest extends CustomersFlowTest {

  @Override
  CustomersSystem newSystem(Vertx vertx, Map<String, Object> settings) {
    return CustomersSystem.startOnKafka(vertx, settings);
  }
}
