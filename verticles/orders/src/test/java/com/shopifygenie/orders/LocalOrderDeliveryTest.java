package com.shopifygenie.orders;

import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;

class LocalOrderDeliveryTest extends OrderDeliveryTest {

  @Override
  TestSystem newSystem(Vertx vertx) {
    return TestSystem.create(vertx);
  }
}
