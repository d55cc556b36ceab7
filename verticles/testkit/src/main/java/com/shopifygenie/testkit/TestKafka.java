package com.shopifygenie.testkit;

import com.shopifygenie.devkit.EmbeddedKafka;

import java.nio.file.Path;
import java.util.UUID;

/**
 * The Kafka broker tests use: SHOPIFYGENIE_KAFKA_BOOTSTRAP when set, otherwise one real broker
 * (Apache Kafka in KRaft mode, its own JVM) per test JVM, started on first use. Test systems keep
 * apart on it by a topic prefix of their own.
 */
public final class TestKafka {

  private static String bootstrap;

  private TestKafka() {}

  public static synchronized String bootstrap() {
    if (bootstrap == null) {
      var external = System.getenv("SHOPIFYGENIE_KAFKA_BOOTSTRAP");
      if (external != null && !external.isBlank()) {
        bootstrap = external;
      } else {
        var broker = EmbeddedKafka.start(Path.of(System.getProperty("shopifygenie.test.dir", "target"), "kafka-" + UUID.randomUUID()), 0);
        bootstrap = broker.bootstrap();
      }
    }
    return bootstrap;
  }
}
