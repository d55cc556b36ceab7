package com.shopifygenie.platform;

import io.vertx.core.Future;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What carries events between domains: the local event bus in one JVM, or Kafka across hosts.
 * Delivery is at least once on both; domains make effects exactly once with their inbox.
 */
public interface EventTransport {

  /** Publishes on a topic, in order; succeeds once every event is acknowledged by the transport. */
  Future<Void> publish(String topic, List<DomainEvent> events);

  /**
   * Delivers the topics' events to {@code handler} as consumer group {@code group}. An event
   * counts as consumed only when the handler's future succeeded; until then it is delivered again.
   */
  Future<Void> subscribe(String group, Set<String> topics, Function<DomainEvent, Future<Void>> handler);

  /**
   * Delivers every event of the topics as it comes, and first those published since
   * {@code sinceMs} that the transport still holds, without a consumer group: nothing is
   * committed, every caller hears every event, at most once. Completes once the events held at
   * the call were handed over. The local event bus holds none: it only subscribes a group of its own.
   */
  default Future<Void> follow(Set<String> topics, long sinceMs, Function<DomainEvent, Future<Void>> handler) {
    return subscribe("follow-" + UUID.randomUUID(), topics, handler);
  }

  /** Records a dead letter of a topic where the transport keeps them too (Kafka: &lt;topic&gt;.dlq). */
  Future<Void> deadLetter(String topic, DomainEvent event, String error);

  /** Completes when publishing can begin (the local transport waits for the whole node). */
  default Future<Void> ready() {
    return Future.succeededFuture();
  }

  Future<Void> close();
}
