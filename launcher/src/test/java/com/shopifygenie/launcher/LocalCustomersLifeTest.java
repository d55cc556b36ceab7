package com.shopifygenie.launcher;

import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;

class LocalCustomersLifeTest extends CustomersLifeTest {

  @Override
  TestSystem newSystem(Vertx vertx) {
    return TestSystem.create(vertx);
  }
}
