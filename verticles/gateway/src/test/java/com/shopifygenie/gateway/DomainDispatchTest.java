package com.shopifygenie.gateway;

import com.shopifygenie.platform.OperationBus;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A request an instance refused as not begun goes again, to another instance; any other failure does not. */
class DomainDispatchTest {

  private static final String ADDRESS = "shop.placeOrder";

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aRequestRefusedByAStoppingInstanceIsAnsweredByAnother() {
    var refused = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(ADDRESS, m -> {
      refused.incrementAndGet();
      m.fail(OperationBus.STOPPING, "stopping");
    }).completion().await();
    vertx.eventBus().<JsonObject>consumer(ADDRESS, m -> m.reply(new JsonObject().put("answered", m.body().getInteger("n"))))
      .completion().await();
    var dispatch = new DomainDispatch(vertx, 5_000);
    for (int n = 0; n < 10; n++) {
      assertEquals(n, dispatch.request(ADDRESS, new JsonObject().put("n", n)).await().getInteger("answered"));
    }
    assertTrue(refused.get() > 0, "the stopping instance had its turns");
  }

  @Test
  void aDomainWhoseEveryInstanceIsStoppingIsUnavailableAtOnce() {
    var refused = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(ADDRESS, m -> {
      refused.incrementAndGet();
      m.fail(OperationBus.STOPPING, "stopping");
    }).completion().await();
    var started = System.nanoTime();
    var failure = assertThrows(ReplyException.class,
      () -> new DomainDispatch(vertx, 10_000).request(ADDRESS, new JsonObject()).await());
    assertTrue(DomainDispatch.refusedUnbegun(failure), failure::toString);
    assertTrue(refused.get() > 1, "it was asked again");
    assertTrue(System.nanoTime() - started < 5_000_000_000L, "answered well before the dispatch timeout");
  }

  @Test
  void aFailureOfARequestBegunIsNotSentAgain() {
    var asked = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(ADDRESS, m -> {
      asked.incrementAndGet();
      m.fail(500, "failed midway");
    }).completion().await();
    var failure = assertThrows(ReplyException.class,
      () -> new DomainDispatch(vertx, 5_000).request(ADDRESS, new JsonObject()).await());
    assertEquals(500, failure.failureCode());
    assertEquals(1, asked.get());
  }
}
