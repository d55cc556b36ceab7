package com.shopifygenie.catalog;

import io.vertx.core.Vertx;

class LocalCatalogDeliveryTest extends CatalogDeliveryTest {

  @Override
  CatalogSystem start(Vertx vertx) {
    return CatalogSystem.start(vertx);
  }
}
