package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One Kafka consumer's records on their way through the handler. A poll's records are handed on
 * at once (the handler keeps each subject's order and applies the rest in parallel), and the
 * consumer goes on fetching while they are applied, up to a bound of records in hand, so a hop
 * through Kafka does not wait for the slowest record of the poll before it. A partition's offset
 * is committed only up to the first record whose effect has not committed yet: a crash at any
 * moment redelivers from there, and the inbox skips what was applied.
 */
final class KafkaConsumption {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaConsumption.class);

  private final KafkaConsumer<String, String> consumer;
  private final Function<DomainEvent, Future<Void>> handler;
  /** Per partition, its records handed on and not yet committed, in offset order. */
  private final Map<TopicPartition, ArrayDeque<Handed>> open = new HashMap<>();
  private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();

  private static final class Handed {
    final long offset;
    boolean applied;

    Handed(long offset) {
      this.offset = offset;
    }
  }

  /** Records handed on and not yet applied; past maxInHand the consumer pauses until half are done. */
  private final int maxInHand;
  private int inHand;
  private boolean paused;
  private boolean committing;
  /**
   * Commits go out at most this often: each one holds the consumer's thread (it cannot fetch
   * meanwhile) and costs the broker a write. Offsets committed later only mean more redelivery
   * after a crash, which the inbox skips.
   */
  private final long commitEveryMillis;
  private long lastCommit;
  private boolean commitWaiting;
  private boolean stopped;
  private final Vertx vertx;

  KafkaConsumption(Vertx vertx, KafkaConsumer<String, String> consumer, Function<DomainEvent, Future<Void>> handler,
                   int maxInHand, long commitEveryMillis) {
    this.vertx = vertx;
    this.commitEveryMillis = commitEveryMillis;
    this.consumer = consumer;
    this.handler = handler;
    this.maxInHand = Math.max(1, maxInHand);
  }

  /** Takes one poll's records; their offsets are committed as soon as they are applied. */
  void accept(KafkaConsumerRecords<String, String> polled) {
    if (polled.isEmpty()) {
      return;
    }
    inHand += polled.size();
    if (inHand >= maxInHand && !paused) {
      paused = true;
      consumer.pause();
    }
    var applied = new ArrayList<Future<Void>>(polled.size());
    for (int i = 0; i < polled.size(); i++) {
      applied.add(accept(polled.recordAt(i)).onComplete(done -> inHand--));
    }
    Future.join(applied).onComplete(all -> commitAndGoOn());
  }

  /** One commit at a time (so committed offsets only grow); what was applied meanwhile goes with the next. */
  private void commitAndGoOn() {
    // after close a commit would start the consumer's stream again (vertx-kafka-client restarts a
    // closed stream for any task), and its close would never complete
    if (committing || commitWaiting || stopped) {
      return;
    }
    var wait = lastCommit + commitEveryMillis - System.currentTimeMillis();
    if (wait > 0 && !paused) {
      commitWaiting = true;
      vertx.setTimer(wait, id -> {
        commitWaiting = false;
        commitAndGoOn();
      });
      return;
    }
    committing = true;
    lastCommit = System.currentTimeMillis();
    commit().onComplete(committed -> {
      committing = false;
      if (!toCommit.isEmpty()) {
        commitAndGoOn();
      }
      if (paused && inHand <= maxInHand / 2) {
        paused = false;
        consumer.resume();
      }
    });
  }

  /** The consumer is about to close: nothing more is committed through it. */
  void stop() {
    stopped = true;
  }

  private Future<Void> accept(KafkaConsumerRecord<String, String> record) {
    var partition = new TopicPartition(record.topic(), record.partition());
    var records = open.computeIfAbsent(partition, p -> new ArrayDeque<>());
    var handed = new Handed(record.offset());
    records.add(handed);
    return apply(record).onComplete(result -> {
      if (result.succeeded()) {
        handed.applied = true;
        advance(partition, records);
      } else {
        // left uncommitted, so the partition is read again from here after a restart or rebalance
        LOG.warn("not applied, not committed: {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          result.cause().toString());
      }
    });
  }

  private Future<Void> apply(KafkaConsumerRecord<String, String> record) {
    DomainEvent event;
    try {
      event = DomainEvent.fromCloudEvent(new JsonObject(record.value()));
    } catch (RuntimeException malformed) {
      LOG.error("skipping a record that is no CloudEvent at {}-{}@{}", record.topic(), record.partition(), record.offset());
      return Future.succeededFuture();
    }
    return handler.apply(event);
  }

  /** Moves the partition's commit point past the records applied without a gap. */
  private void advance(TopicPartition partition, ArrayDeque<Handed> records) {
    if (open.get(partition) != records) {
      return; // the partition was taken away meanwhile: its new owner reads it from the last commit
    }
    long next = -1;
    while (!records.isEmpty() && records.peek().applied) {
      next = records.poll().offset + 1;
    }
    if (next >= 0) {
      toCommit.put(partition, new OffsetAndMetadata(next, ""));
    }
  }

  /** Commits every partition's latest point; a failed commit is carried by the next one. */
  private Future<Void> commit() {
    if (toCommit.isEmpty()) {
      return Future.succeededFuture();
    }
    var offsets = new HashMap<>(toCommit);
    toCommit.clear();
    return consumer.commit(offsets).<Void>mapEmpty().recover(e -> {
      LOG.debug("offset commit failed, the next one carries it: {}", e.getMessage());
      offsets.forEach(toCommit::putIfAbsent);
      return Future.succeededFuture();
    });
  }

  /** Partitions given to another consumer: their records still on the way are no longer ours to commit. */
  void forget(Set<TopicPartition> partitions) {
    partitions.forEach(partition -> {
      open.remove(partition);
      toCommit.remove(partition);
    });
  }
}
