package com.shopifygenie.catalog;

import io.vertx.core.Vertx;

class KafkaCatalogDeliveryTest extends CatalogDeliveryTest {

  @Override
  CatalogSystem start(Vertx vertx) {
    return CatalogSystem.startOnKafka(vertx);
  }
}
