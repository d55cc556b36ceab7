package com.shopifygenie.accounting;

import io.vertx.core.Vertx;

class KafkaAccountingDeliveryTest extends AccountingDeliveryTest {

  @Override
  AccountingSystem start(Vertx vertx) {
    return AccountingSystem.startOnKafka(vertx);
  }
}
