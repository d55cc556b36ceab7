package com.shopifygenie.launcher;

import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Disabled;

@Disabled("needs catalog's side of issue 12 (order.shipped is a sale, a restocked order.refunded a return): branch i12-catalog-i14")
class LocalOrderLifeTest extends OrderLifeTest {

  @Override
  TestSystem newSystem(Vertx vertx) {
    return TestSystem.create(vertx);
  }
}
