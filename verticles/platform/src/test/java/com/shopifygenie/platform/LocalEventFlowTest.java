package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class LocalEventFlowTest extends EventFlowTest {

  /**
   * Two instances of the consuming domain handed the same events at once (a redelivery racing the
   * delivery): the local bus gives one publish to each instance, whose transactions record the same
   * ids together. Each event is applied once, and the instance that loses the race parks nothing.
   */
  @Test
  void twoInstancesApplyingTheSameEventsAtOnceApplyEachOnce() throws Exception {
    var other = new Inbox(vertx, consumer, "consumer", newTransport(vertx), new JsonObject().put("max_attempts", 3)
      .put("first_backoff_ms", 10).put("consumer_lanes", 4).put("consumer_batch_size", 16))
      .on(ORDER_EVENTS, "shopifygenie.order.created", (tx, e) -> tx.preparedQuery(
          "INSERT INTO applied (event_id, subject, n) VALUES ($1, $2, $3)")
        .execute(Tuple.of(e.id(), e.subject(), e.data().getInteger("n"))).mapEmpty())
      .batchAcrossSubjects(Inbox.BatchLocks.NONE_SHARED);
    other.start().await();
    for (int round = 0; round < 5; round++) {
      var events = new ArrayList<DomainEvent>();
      for (int n = 0; n < 64; n++) {
        events.add(created("order-" + UUID.randomUUID(), n));
      }
      // a local publish completes once its instance committed or parked every event
      Future.all(transport.publish(ORDER_EVENTS, events), transport.publish(ORDER_EVENTS, events)).await();
    }
    assertEquals(320, count("SELECT count(*) FROM inbox"));
    assertEquals(320, count("SELECT count(*) FROM applied"), "each event applied once");
    assertEquals(0, count("SELECT count(*) FROM dead_letters"), "the race lost is not a fault");
  }

  /**
   * A group whose domain stopped (SIGTERM stops the domains one by one) still has to take what is
   * published: a publish it cannot reach fails, and the relay sends it again once it is back.
   * Before, the stopping group left the list, the publish succeeded without it and the event was
   * marked published, lost to that group for good.
   */
  @Test
  void aPublishWaitsForAGroupWhoseDomainStopped() {
    var topic = "stop-events";
    var staying = new LocalEventTransport(vertx);
    var stopping = new LocalEventTransport(vertx);
    var received = new java.util.concurrent.ConcurrentLinkedQueue<String>();
    staying.subscribe("staying", java.util.Set.of(topic), e -> Future.succeededFuture()).await();
    stopping.subscribe("stopping", java.util.Set.of(topic), e -> Future.succeededFuture()).await();
    stopping.close().await();

    var event = created("order-" + UUID.randomUUID(), 1);
    assertFalse(succeeds(staying.publish(topic, java.util.List.of(event))),
      "a publish the stopped group did not take must not succeed");

    var back = new LocalEventTransport(vertx);
    back.subscribe("stopping", java.util.Set.of(topic), e -> {
      received.add(e.id().toString());
      return Future.succeededFuture();
    }).await();
    staying.publish(topic, java.util.List.of(event)).await();
    assertEquals(java.util.List.of(event.id().toString()), new ArrayList<>(received));
  }

  /** Whether the future succeeds, waiting for it to complete. */
  private static boolean succeeds(Future<Void> future) {
    try {
      future.await();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  EventTransport newTransport(Vertx vertx) {
    return new LocalEventTransport(vertx);
  }

  @Override
  boolean deliversAPublishAtOnce() {
    return true;
  }
}
