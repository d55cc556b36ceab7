package com.shopifygenie.platform;

import com.shopifygenie.devkit.EmbeddedKafka;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The same flows over a real Kafka broker; each test uses topics and groups of its own. */
class KafkaEventFlowTest extends EventFlowTest {

  static EmbeddedKafka kafka;
  String prefix;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start(Path.of(System.getProperty("shopifygenie.test.dir", "target"), "kafka-" + UUID.randomUUID()), 0);
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Override
  EventTransport newTransport(Vertx vertx) {
    prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    return new KafkaEventTransport(vertx, kafka.bootstrap(), prefix, 3, 1);
  }

  @Test
  void aParkedEventIsAlsoOnTheTopicsDeadLetterQueue() throws Exception {
    broken.set(true);
    var cancelled = PRODUCER.event("order.cancelled", "order-9", new JsonObject());
    transport.publish(ORDER_EVENTS, java.util.List.of(cancelled)).await();
    eventually(() -> count("SELECT count(*) FROM dead_letters") == 1);
    var seen = new ConcurrentLinkedQueue<String>();
    KafkaConsumer<String, String> reader = KafkaConsumer.create(vertx, Map.of("bootstrap.servers", kafka.bootstrap(),
      "group.id", prefix + "dlq-reader", "auto.offset.reset", "earliest",
      "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
      "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"));
    reader.handler(record -> seen.add(new JsonObject(record.value()).getString("id")));
    reader.subscribe(prefix + "order-events.dlq").await();
    try {
      eventually(() -> seen.contains(cancelled.id().toString()));
    } finally {
      reader.close().await();
    }
    assertEquals(cancelled.id().toString(), seen.peek());
  }
}
