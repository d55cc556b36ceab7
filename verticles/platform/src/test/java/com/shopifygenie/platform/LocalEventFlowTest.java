package com.shopifygenie.platform;

import io.vertx.core.Vertx;

class LocalEventFlowTest extends EventFlowTest {

  @Override
  EventTransport newTransport(Vertx vertx) {
    return new LocalEventTransport(vertx);
  }

  @Override
  boolean deliversAPublishAtOnce() {
    return true;
  }
}
