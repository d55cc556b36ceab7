package com.shopifygenie.launcher;

import com.shopifygenie.testkit.EmittedEvents;
import com.shopifygenie.testkit.TestDatabase;
import com.shopifygenie.testkit.TestSettings;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real thing: `dev` in its own JVM with no database configured, then SIGTERM. */
class DevModeTest {

  static final String DB_PREFIX = "shopifygenie_";

  /**
   * The first start makes its own database and becomes ready; kill -9 runs no shutdown hook, so the
   * next start finds the killed JVM's PostgreSQL still running and stops it, becomes ready again and
   * stops cleanly on SIGTERM.
   */
  @Test
  void devModeStartsItsOwnDatabaseStartsAgainAfterItsJvmWasKilledAndStopsCleanlyOnSigterm() throws Exception {
    var output = runDevMode(false, true);
    assertTrue(output.contains("Events: the local event bus"), output);
  }

  @Test
  void devModeWithEmbeddedKafkaRunsABrokerAndStopsIt() throws Exception {
    var output = runDevMode(true, false);
    assertTrue(output.contains("Events: Kafka at 127.0.0.1:"), output);
  }

  /**
   * Starts dev mode in its own JVM, waits for readiness, sends SIGTERM; returns what it printed.
   * The stop must be clean: no ERROR or FATAL line (PostgreSQL stopped under open connections
   * logs "FATAL: terminating connection due to administrator command"), the database and the
   * broker really gone.
   */
  private static String runDevMode(boolean embeddedKafka, boolean killedFirst) throws Exception {
    var dataDir = newDataDir();
    var log = logOf(dataDir);
    var port = TestSettings.freePort();
    // the embedded broker's port: any free one, so tests never collide with a broker on 9092
    var brokerPort = TestSettings.freePort();
    var builder = devMode(dataDir, port, brokerPort, embeddedKafka);
    if (killedFirst) {
      var killed = builder.start();
      try {
        awaitReady(killed, port, log);
      } finally {
        killed.destroyForcibly(); // SIGKILL
        killed.waitFor(30, TimeUnit.SECONDS);
      }
      assertTrue(Files.exists(dataDir.resolve("postgres/postmaster.pid")), "the killed JVM's PostgreSQL outlived it");
    }
    var process = builder.start();
    try {
      awaitReady(process, port, log);
      assertTrue(Files.isDirectory(dataDir.resolve("postgres")), "embedded database under the data dir");
      assertTrue(Files.exists(dataDir.resolve("postgres/postmaster.pid")), "PostgreSQL runs");
      assertTrue(Files.exists(dataDir.resolve("keys/access-token-private.pem")), "signing key kept in the data dir");
      // the banner is printed once start returns, which may be a moment after the port answers
      var bannerBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!read(log).contains("Events: ") && System.nanoTime() < bannerBy) {
        Thread.sleep(100);
      }
      assertTrue(read(log).contains("http://localhost:" + port + "/api-docs"), read(log));
      var database = TestDatabase.embeddedRunningIn(dataDir.resolve("postgres"));
      assertTrue(EmittedEvents.assertValid(database, DB_PREFIX) > 0, "dev mode's events were checked");
      ProcessHandle broker = null;
      if (embeddedKafka) {
        var pid = Long.parseLong(Files.readString(dataDir.resolve("kafka/broker.pid")).trim());
        broker = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no broker process " + pid));
        assertTrue(broker.isAlive(), "the Kafka broker runs");
        assertTrue(accepts(brokerPort), "the Kafka broker listens on " + brokerPort);
      }

      process.destroy(); // SIGTERM
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stopped within 30 s");
      var output = read(log);
      assertTrue(output.contains("ShopifyGenie stopped"), output);
      var stopping = output.substring(output.indexOf("ShopifyGenie is stopping"));
      var errors = stopping.lines().filter(line -> line.contains("ERROR") || line.contains("FATAL")).toList();
      assertEquals(List.of(), errors, "a clean stop logs no ERROR or FATAL line: " + output);
      assertFalse(Files.exists(dataDir.resolve("postgres/postmaster.pid")), "PostgreSQL stopped: " + output);
      if (embeddedKafka) {
        assertFalse(broker.isAlive(), "the Kafka broker process " + broker.pid() + " is gone");
        assertFalse(accepts(brokerPort), "nothing listens on the broker's port " + brokerPort);
      }
      return output;
    } finally {
      // a failed assertion still stops dev mode gently, so its PostgreSQL does not outlive the test
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** A broker that died leaves Kafka's clients waiting past the stop's 30 s: the database is stopped all the same. */
  @Test
  void devModeWhoseBrokerDiedStopsItsDatabaseOnSigterm() throws Exception {
    var dataDir = newDataDir();
    var log = logOf(dataDir);
    var port = TestSettings.freePort();
    // the stop's deadline short, so the test does not wait out the default 30 s when Kafka's clients hang
    var config = Files.writeString(Files.createDirectories(dataDir).resolveSibling(dataDir.getFileName() + ".yaml"),
      "http:\n  stop_timeout_seconds: 5\n");
    var builder = devMode(dataDir, port, TestSettings.freePort(), true);
    builder.command().addAll(List.of("--config", config.toString()));
    var process = builder.start();
    try {
      awaitReady(process, port, log);
      var pid = Long.parseLong(Files.readString(dataDir.resolve("kafka/broker.pid")).trim());
      ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL
      process.destroy(); // SIGTERM
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "stopped within 60 s: " + read(log));
      assertFalse(Files.exists(dataDir.resolve("postgres/postmaster.pid")), "PostgreSQL stopped: " + read(log));
    } finally {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static Path newDataDir() {
    return Path.of(System.getProperty("shopifygenie.test.dir", "target"), "dev-" + UUID.randomUUID()).toAbsolutePath();
  }

  private static Path logOf(Path dataDir) {
    return dataDir.resolveSibling(dataDir.getFileName() + ".log");
  }

  /** `dev` in a JVM of its own, with no database configured, its output in the data dir's log. */
  private static ProcessBuilder devMode(Path dataDir, int port, int brokerPort, boolean embeddedKafka) {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "dev"));
    if (embeddedKafka) {
      command.addAll(List.of("--kafka", "embedded"));
    }
    var builder = new ProcessBuilder(command)
      .redirectErrorStream(true).redirectOutput(logOf(dataDir).toFile());
    builder.environment().remove("SHOPIFYGENIE_DB_URL");
    builder.environment().remove("SHOPIFYGENIE_ADMIN_PASSWORD");
    builder.environment().put("SHOPIFYGENIE_DB_PREFIX", DB_PREFIX);
    builder.environment().put("SHOPIFYGENIE_DATA_DIR", dataDir.toString());
    builder.environment().put("SHOPIFYGENIE_HTTP_PORT", String.valueOf(port));
    builder.environment().remove("SHOPIFYGENIE_EVENTS");
    builder.environment().put("SHOPIFYGENIE_EMBEDDED_KAFKA_PORT", String.valueOf(brokerPort));
    return builder;
  }

  private static void awaitReady(Process process, int port, Path log) throws Exception {
    var http = HttpClient.newHttpClient();
    var ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
      .timeout(Duration.ofSeconds(2)).build();
    // generous: a loaded 2-core machine starts PostgreSQL, a Kafka broker and six domains slowly
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    var status = 0;
    while (status != 200 && System.nanoTime() < deadline && process.isAlive()) {
      try {
        status = http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (java.io.IOException notYet) {
        Thread.sleep(100);
      }
    }
    assertEquals(200, status, () -> "not ready: " + read(log));
  }

  private static boolean accepts(int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (java.io.IOException refused) {
      return false;
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
