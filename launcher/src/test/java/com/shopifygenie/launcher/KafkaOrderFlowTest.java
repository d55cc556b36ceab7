package com.shopifygenie.launcher;

import com.shopifygenie.testkit.TestKafka;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import static com.shopifygenie.testkit.Eventually.eventually;

class KafkaOrderFlowTest extends OrderFlowTest {

  Vertx vertx;

  @Override
  TestSystem newSystem(Vertx vertx) {
    this.vertx = vertx;
    return TestSystem.withKafka(vertx);
  }

  @Test
  void aRegistrationIsPublishedOnAuthEventsKeyedByTheUser() throws Exception {
    var email = "k-" + UUID.randomUUID() + "@example.com";
    var user = api.post("/auth/register", new JsonObject().put("email", email).put("password", "password-1")).json();
    var prefix = system.settings().getJsonObject("events").getString("kafka_topic_prefix");
    var seen = new ConcurrentLinkedQueue<JsonObject>();
    KafkaConsumer<String, String> reader = KafkaConsumer.create(vertx, Map.of("bootstrap.servers", TestKafka.bootstrap(),
      "group.id", prefix + "reader", "auto.offset.reset", "earliest",
      "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
      "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"));
    reader.handler(record -> {
      var event = new JsonObject(record.value());
      if (user.getString("id").equals(record.key())) {
        seen.add(event);
      }
    });
    reader.subscribe(prefix + "auth-events").await();
    try {
      eventually(() -> !seen.isEmpty());
    } finally {
      reader.close().await();
    }
    var event = seen.peek();
    org.junit.jupiter.api.Assertions.assertEquals("shopifygenie.user.registered", event.getString("type"));
    org.junit.jupiter.api.Assertions.assertEquals("1.0", event.getString("specversion"));
    org.junit.jupiter.api.Assertions.assertEquals(email, event.getJsonObject("data").getString("email"));
  }
}
