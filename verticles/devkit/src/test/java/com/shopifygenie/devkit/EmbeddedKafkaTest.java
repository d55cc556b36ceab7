package com.shopifygenie.devkit;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedKafkaTest {

  Vertx vertx;
  Path dataDir;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    var target = Path.of(System.getProperty("shopifygenie.test.dir", "target"));
    Files.createDirectories(target);
    dataDir = Files.createTempDirectory(target, "kafka-");
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await();
    // the extracted jars are 44 MB per run; broker.log and the data stay for a look after a failure
    try (var files = Files.walk(dataDir.resolve("lib"))) {
      for (var file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @Test
  void brokerKeepsTopicsAndCommittedOffsetsAcrossARestart() throws Exception {
    var orderId = UUID.randomUUID().toString();
    var event = "{\"type\":\"shopifygenie.order.created\",\"subject\":\"" + orderId + "\"}";
    int port;
    int partition;
    long offset;

    try (var kafka = EmbeddedKafka.start(dataDir, 0)) {
      port = Integer.parseInt(kafka.bootstrap().substring(kafka.bootstrap().lastIndexOf(':') + 1));
      assertEquals("127.0.0.1:" + port, kafka.bootstrap());
      assertEquals(Set.of(), topics(kafka.bootstrap()), "the transports create the topics the domains use");
      createTopic(kafka.bootstrap(), "order-events");

      KafkaProducer<String, String> producer = KafkaProducer.create(vertx, producerConfig(kafka.bootstrap()));
      var sent = producer.send(KafkaProducerRecord.create("order-events", orderId, event)).await();
      producer.close().await();
      partition = sent.getPartition();
      offset = sent.getOffset();

      KafkaConsumer<String, String> consumer = KafkaConsumer.create(vertx, consumerConfig(kafka.bootstrap()));
      var received = Promise.<KafkaConsumerRecord<String, String>>promise();
      consumer.handler(received::tryComplete);
      consumer.subscribe("order-events").await();
      var record = received.future().timeout(20, TimeUnit.SECONDS).await();
      consumer.commit().await();
      consumer.close().await();

      assertEquals(orderId, record.key());
      assertEquals(event, record.value());
      assertEquals(partition, record.partition());
      assertEquals(offset, record.offset());
    }

    // the same data directory: no second format, the group's offset is read back from disk
    try (var kafka = EmbeddedKafka.start(dataDir, port)) {
      KafkaConsumer<String, String> consumer = KafkaConsumer.create(vertx, consumerConfig(kafka.bootstrap()));
      var committed = consumer.committed(new TopicPartition("order-events", partition)).await();
      consumer.close().await();
      assertEquals(offset + 1, committed.getOffset());
      assertEquals(Set.of("order-events"), topics(kafka.bootstrap()));
    }
  }

  @Test
  void aSecondStartOnADirectoryInUseIsRefusedAndLeavesTheRunningBrokerAlone() throws Exception {
    try (var kafka = EmbeddedKafka.start(dataDir, 0)) {
      createTopic(kafka.bootstrap(), "order-events");
      var refused = assertThrows(IllegalStateException.class, () -> EmbeddedKafka.start(dataDir, 0));
      assertTrue(refused.getMessage().contains("runs the embedded Kafka broker in"), refused.getMessage());
      // its broker was not taken for one left behind and stopped: it still answers
      assertEquals(Set.of("order-events"), topics(kafka.bootstrap()));
    }
    // stopped, the directory is free again
    try (var kafka = EmbeddedKafka.start(dataDir, 0)) {
      assertEquals(Set.of("order-events"), topics(kafka.bootstrap()));
    }
  }

  private static void createTopic(String bootstrap, String topic) throws Exception {
    try (var admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, EmbeddedKafka.PARTITIONS, (short) 1))).all().get(10, TimeUnit.SECONDS);
    }
  }

  private static HashSet<String> topics(String bootstrap) throws Exception {
    try (var admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      var topics = new HashSet<>(admin.listTopics().names().get(10, TimeUnit.SECONDS));
      var partitions = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
      partitions.values().forEach(description -> assertEquals(EmbeddedKafka.PARTITIONS, description.partitions().size(),
        description.name() + " partitions"));
      assertTrue(partitions.values().stream().allMatch(d -> d.partitions().get(0).replicas().size() == 1));
      return topics;
    }
  }

  private static Map<String, String> producerConfig(String bootstrap) {
    return Map.of(
      "bootstrap.servers", bootstrap,
      "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
      "value.serializer", "org.apache.kafka.common.serialization.StringSerializer",
      "acks", "all",
      "enable.idempotence", "true");
  }

  private static Map<String, String> consumerConfig(String bootstrap) {
    return Map.of(
      "bootstrap.servers", bootstrap,
      "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
      "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
      "group.id", "test",
      "enable.auto.commit", "false",
      "auto.offset.reset", "earliest");
  }
}
