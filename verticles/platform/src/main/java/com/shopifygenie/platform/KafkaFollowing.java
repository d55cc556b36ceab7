package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;

/**
 * Topics read without a consumer group from a moment on: every partition is assigned to this
 * consumer alone and positioned at its first record published at or after that moment, so a
 * reader that starts again hears again what the topics still hold of its recent past. Nothing is
 * committed; each reader hears every event, at most once past its start. Partitions added to a
 * topic after the start are not read.
 */
final class KafkaFollowing {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaFollowing.class);
  private static final long CATCH_UP_LIMIT_MS = 30_000;

  /** An event read before the reader caught up, with the time its record was published. */
  private record Held(long timestamp, DomainEvent event) {}

  private final KafkaConsumer<String, String> consumer;
  private final Function<DomainEvent, Future<Void>> handler;
  /** Per partition not yet read up to where it ended at the start, that end. */
  private final Map<TopicPartition, Long> behind = new HashMap<>();
  /** Per partition, its records read before every partition was caught up, held back to be merged. */
  private final Map<TopicPartition, ArrayDeque<Held>> past = new HashMap<>();
  private final Promise<Void> caughtUp = Promise.promise();

  private KafkaFollowing(KafkaConsumer<String, String> consumer, Function<DomainEvent, Future<Void>> handler) {
    this.consumer = consumer;
    this.handler = handler;
  }

  /** A consumer of no group, to hand to {@link #start}. */
  static KafkaConsumer<String, String> consumer(Vertx vertx, String bootstrap) {
    return KafkaConsumer.create(vertx, Map.of(
      "bootstrap.servers", bootstrap,
      "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
      "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
      "enable.auto.commit", "false",
      "auto.offset.reset", "latest",
      "max.poll.records", "500"));
  }

  /**
   * Starts reading the (prefixed) topics from {@code sinceMs}; completes once every event they
   * held at the start was handed to {@code handler}.
   */
  static Future<Void> start(Vertx vertx, KafkaConsumer<String, String> consumer, Set<String> topics, long sinceMs,
      Function<DomainEvent, Future<Void>> handler) {
    consumer.exceptionHandler(e -> LOG.warn("Kafka reader of {}: {}", topics, e.getMessage()));
    var following = new KafkaFollowing(consumer, handler);
    // a record that never comes (deleted by retention meanwhile) must not hold the reader back for ever
    var limit = vertx.setTimer(CATCH_UP_LIMIT_MS, id -> following.goOnWithoutCatchingUp());
    following.caughtUp.future().onComplete(done -> vertx.cancelTimer(limit));
    return following.position(topics, sinceMs).compose(v -> following.caughtUp.future());
  }

  private void goOnWithoutCatchingUp() {
    if (!caughtUp.future().isComplete()) {
      LOG.warn("Kafka reader: {} partitions not read up to their end within {} ms, going on", behind.size(),
        CATCH_UP_LIMIT_MS);
      behind.clear();
      handOnThePast();
      caughtUp.tryComplete();
    }
  }

  private Future<Void> position(Set<String> topics, long sinceMs) {
    return Future.all(topics.stream().map(consumer::partitionsFor).toList()).compose(described -> {
      var partitions = new HashSet<TopicPartition>();
      for (int i = 0; i < described.size(); i++) {
        List<io.vertx.kafka.client.common.PartitionInfo> infos = described.resultAt(i);
        infos.forEach(p -> partitions.add(new TopicPartition(p.getTopic(), p.getPartition())));
      }
      var times = new HashMap<TopicPartition, Long>();
      partitions.forEach(p -> times.put(p, sinceMs));
      return consumer.offsetsForTimes(times).compose(since -> consumer.endOffsets(partitions)
        .compose(ends -> consumer.assign(partitions).compose(v -> seek(partitions, since, ends))));
    }).onSuccess(v -> {
      if (behind.isEmpty()) {
        caughtUp.tryComplete();
      }
      // handlers last: the consumer polls only once it has a record handler, so never before the seeks
      consumer.batchHandler(this::accept);
      consumer.handler(record -> { });
    });
  }

  /** Each partition at its first record since the moment, or at its end when it has none since. */
  private Future<Void> seek(Set<TopicPartition> partitions, Map<TopicPartition, OffsetAndTimestamp> since,
      Map<TopicPartition, Long> ends) {
    return Future.all(partitions.stream().map(partition -> {
      long end = ends.getOrDefault(partition, 0L);
      var first = since.get(partition);
      long start = first == null ? end : first.getOffset();
      if (start < end) {
        behind.put(partition, end);
      }
      return consumer.seek(partition, start);
    }).toList()).mapEmpty();
  }

  private void accept(KafkaConsumerRecords<String, String> polled) {
    for (int i = 0; i < polled.size(); i++) {
      var record = polled.recordAt(i);
      var event = event(record);
      if (caughtUp.future().isComplete()) {
        if (event != null) {
          handler.apply(event);
        }
        continue;
      }
      var partition = new TopicPartition(record.topic(), record.partition());
      if (event != null) {
        past.computeIfAbsent(partition, p -> new ArrayDeque<>()).add(new Held(record.timestamp(), event));
      }
      var end = behind.get(partition);
      // the producers write no transactions, so a partition's last offset is a record that comes
      if (end != null && record.offset() + 1 >= end) {
        behind.remove(partition);
      }
    }
    if (behind.isEmpty() && !caughtUp.future().isComplete()) {
      handOnThePast();
      caughtUp.tryComplete();
    }
  }

  /**
   * The events of the past in the order they were published across partitions (by the records'
   * timestamps, to the millisecond, then by their time-ordered ids), each partition's own order
   * kept: the order a reader that ran then heard them in, but for events published in the same
   * millisecond on different partitions. A reconnecting client's Last-Event-ID counts in that order.
   */
  private void handOnThePast() {
    var heads = new PriorityQueue<ArrayDeque<Held>>(Comparator
      .<ArrayDeque<Held>>comparingLong(held -> held.peek().timestamp())
      .thenComparing(held -> held.peek().event().id().toString()));
    heads.addAll(past.values());
    while (!heads.isEmpty()) {
      var held = heads.poll();
      handler.apply(held.poll().event());
      if (!held.isEmpty()) {
        heads.add(held);
      }
    }
    past.clear();
  }

  private static DomainEvent event(KafkaConsumerRecord<String, String> record) {
    try {
      return DomainEvent.fromCloudEvent(new JsonObject(record.value()));
    } catch (RuntimeException malformed) {
      LOG.error("skipping a record that is no CloudEvent at {}-{}@{}", record.topic(), record.partition(),
        record.offset());
      return null;
    }
  }
}
