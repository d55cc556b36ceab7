package com.shopifygenie.customers;

import io.vertx.core.Vertx;

import java.util.Map;

class LocalCustomersFlowTest extends CustomersFlowTest {

  @Override
  CustomersSystem newSystem(Vertx vertx, Map<String, Object> settings) {
    return CustomersSystem.start(vertx, settings);
  }
}
