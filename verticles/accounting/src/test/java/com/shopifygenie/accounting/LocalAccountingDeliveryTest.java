package com.shopifygenie.accounting;

import io.vertx.core.Vertx;

class LocalAccountingDeliveryTest extends AccountingDeliveryTest {

  @Override
  AccountingSystem start(Vertx vertx) {
    return AccountingSystem.start(vertx);
  }
}
