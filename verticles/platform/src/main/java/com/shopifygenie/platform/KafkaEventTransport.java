package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import io.vertx.kafka.admin.OffsetSpec;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Events over Kafka: one topic per aggregate family, the aggregate id as record key (so one
 * aggregate's events share a partition and stay in order), CloudEvents JSON as value. The
 * producer waits for all in-sync replicas and is idempotent; a consumer hands a poll's records on
 * at once and commits a partition's offset only once every record before it committed
 * ({@link KafkaConsumption}).
 */
public final class KafkaEventTransport implements EventTransport {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaEventTransport.class);

  private final Vertx vertx;
  private final String bootstrap;
  private final String prefix;
  private final int partitions;
  private final short replicationFactor;
  private final List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
  private final List<KafkaConsumption> consumptions = new ArrayList<>();
  /** Topics known to exist, each with its dead-letter queue; the platform lists none: they are made on first use. */
  private final Map<String, Future<Void>> created = new ConcurrentHashMap<>();
  private KafkaProducer<String, String> producer;
  private int sessionTimeoutMs = 10_000;
  private int heartbeatIntervalMs = 2_000;

  /**
   * @param prefix put before every topic and consumer group name, so installations can share a
   *               cluster ("" for the plain names: order-events, ...)
   */
  public KafkaEventTransport(Vertx vertx, String bootstrap, String prefix, int partitions, int replicationFactor) {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException("events.kafka_bootstrap (SHOPIFYGENIE_KAFKA_BOOTSTRAP) is not set");
    }
    this.vertx = vertx;
    this.bootstrap = bootstrap;
    this.prefix = prefix == null ? "" : prefix;
    this.partitions = partitions;
    this.replicationFactor = (short) replicationFactor;
  }

  /**
   * How soon a consumer that died is noticed by its group, and its partitions go to the others:
   * the session timeout (Kafka's default, 45 s, would stall a dead node's partitions that long).
   */
  public KafkaEventTransport withGroupTimeouts(int sessionTimeoutMs, int heartbeatIntervalMs) {
    this.sessionTimeoutMs = sessionTimeoutMs;
    this.heartbeatIntervalMs = heartbeatIntervalMs;
    return this;
  }

  /** Creates the topics and their dead-letter queues where they are missing, once per topic and transport. */
  private Future<Void> ensure(Collection<String> topics) {
    return Future.all(topics.stream().map(topic -> created.computeIfAbsent(topic, this::create)).toList()).mapEmpty();
  }

  private Future<Void> create(String topic) {
    var admin = KafkaAdminClient.create(vertx, Map.of("bootstrap.servers", bootstrap));
    var wanted = List.of(prefix + topic, prefix + deadLetters(topic));
    return admin.listTopics()
      .compose(existing -> {
        var missing = wanted.stream().filter(t -> !existing.contains(t))
          .map(t -> new NewTopic(t, partitions, replicationFactor)).toList();
        return missing.isEmpty() ? Future.<Void>succeededFuture() : admin.createTopics(missing)
          // another node may have created them meanwhile
          .recover(e -> e.getMessage() != null && e.getMessage().contains("already exists")
            ? Future.succeededFuture() : Future.failedFuture(e));
      })
      .compose(v -> ledByBrokers(admin, wanted, 100))
      .eventually(admin::close)
      .onFailure(e -> created.remove(topic));
  }

  /**
   * Waits until the leader of every partition of the topics has opened it. A producer that sends to
   * a partition its leader has not opened yet hears "not leader"; an idempotent one whose next
   * request got in meanwhile then retries the first with an out-of-order sequence until its
   * delivery timeout (KAFKA-15591). Listing a partition's offsets asks its leader itself, so it
   * answers only once the partition is open there.
   */
  private Future<Void> ledByBrokers(KafkaAdminClient admin, List<String> topics, int triesLeft) {
    return admin.describeTopics(topics).compose(described -> {
      var partitions = new HashMap<TopicPartition, OffsetSpec>();
      for (var topic : described.values()) {
        var led = !topic.getPartitions().isEmpty()
          && topic.getPartitions().stream().allMatch(p -> p.getLeader() != null && !p.getLeader().isEmpty());
        if (!led) {
          return notYet(admin, topics, triesLeft);
        }
        topic.getPartitions().forEach(p -> partitions.put(new TopicPartition(topic.getName(), p.getPartition()),
          OffsetSpec.LATEST));
      }
      return admin.listOffsets(partitions).<Void>mapEmpty().recover(e -> notYet(admin, topics, triesLeft));
    }, e -> triesLeft == 0 ? Future.failedFuture(e) : notYet(admin, topics, triesLeft));
  }

  /** Asks again shortly; past the last try the producer's own retries take over. */
  private Future<Void> notYet(KafkaAdminClient admin, List<String> topics, int triesLeft) {
    return triesLeft == 0 ? Future.succeededFuture() : vertx.timer(100).compose(t -> ledByBrokers(admin, topics, triesLeft - 1));
  }

  private static String deadLetters(String topic) {
    return topic + ".dlq";
  }

  private KafkaProducer<String, String> producer() {
    if (producer == null) {
      producer = KafkaProducer.create(vertx, Map.of(
        "bootstrap.servers", bootstrap,
        "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "value.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "acks", "all",
        "enable.idempotence", "true",
        "max.in.flight.requests.per.connection", "5",
        "linger.ms", "1"));
    }
    return producer;
  }

  @Override
  public Future<Void> publish(String topic, List<DomainEvent> events) {
    return ensure(List.of(topic)).compose(ready -> {
      var producer = producer();
      // sent in order on one idempotent producer: Kafka keeps that order within a partition
      var sends = events.stream()
        .map(e -> producer.send(KafkaProducerRecord.create(prefix + topic, e.subject(), e.toCloudEvent().encode())))
        .toList();
      return Future.all(sends).mapEmpty();
    });
  }

  @Override
  public Future<Void> subscribe(String group, Set<String> topics, Function<DomainEvent, Future<Void>> handler) {
    KafkaConsumer<String, String> consumer = KafkaConsumer.create(vertx, Map.of(
      "bootstrap.servers", bootstrap,
      "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
      "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
      "group.id", prefix + group,
      "enable.auto.commit", "false",
      "auto.offset.reset", "earliest",
      "max.poll.records", "500",
      "session.timeout.ms", String.valueOf(sessionTimeoutMs),
      "heartbeat.interval.ms", String.valueOf(heartbeatIntervalMs)));
    consumers.add(consumer);
    var consumption = new KafkaConsumption(vertx, consumer, handler, 2000, 100);
    consumptions.add(consumption);
    // the whole poll goes to the batch handler; the record handler only drains what it already took
    consumer.handler(record -> { });
    consumer.batchHandler(consumption::accept);
    consumer.partitionsRevokedHandler(consumption::forget);
    consumer.exceptionHandler(e -> LOG.warn("Kafka consumer of {}: {}", group, e.getMessage()));
    var subscribed = topics.stream().map(t -> prefix + t).collect(java.util.stream.Collectors.toSet());
    return ensure(topics).compose(ready -> consumer.subscribe(subscribed));
  }

  @Override
  public Future<Void> follow(Set<String> topics, long sinceMs, Function<DomainEvent, Future<Void>> handler) {
    var prefixed = topics.stream().map(t -> prefix + t).collect(java.util.stream.Collectors.toSet());
    var consumer = KafkaFollowing.consumer(vertx, bootstrap);
    consumers.add(consumer);
    return ensure(topics).compose(ready -> KafkaFollowing.start(vertx, consumer, prefixed, sinceMs, handler));
  }

  @Override
  public Future<Void> deadLetter(String topic, DomainEvent event, String error) {
    var record = KafkaProducerRecord.create(prefix + deadLetters(topic), event.subject(), event.toCloudEvent().encode());
    record.addHeader("error", error);
    return ensure(List.of(topic)).compose(ready -> producer().send(record)).mapEmpty();
  }

  @Override
  public Future<Void> close() {
    var closing = new ArrayList<Future<Void>>();
    consumptions.forEach(KafkaConsumption::stop);
    consumers.forEach(c -> closing.add(c.close()));
    if (producer != null) {
      closing.add(producer.close());
    }
    return Future.join(closing).mapEmpty();
  }
}
