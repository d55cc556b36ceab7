package com.shopifygenie.launcher;

import com.shopifygenie.platform.Settings;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.TestKafka;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The split deploy the issue names, on one machine: the test's PostgreSQL and Kafka broker, and
 * three clustered JVMs sharing one configuration but for their ports: "front" runs a gateway,
 * auth and orders; "back" a gateway and catalog; "spare" catalog alone. Two gateways on two ports,
 * catalog on two nodes, every order's flow crossing nodes (orders on one, catalog on the others).
 */
final class SplitDeploy implements AutoCloseable {

  final ClusterNode front;
  final ClusterNode back;
  final ClusterNode spare;
  final JsonObject settings;
  final Path dir;
  private final int spareClusterPort;
  private final List<ClusterNode> started = new ArrayList<>();

  SplitDeploy(Vertx vertx) {
    dir = Path.of(System.getProperty("shopifygenie.test.dir", "target"), "cluster-" + UUID.randomUUID()).toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // one set of signing keys (TestSettings writes them once) for every node: a token auth signs on
    // "front" is verified by the gateway on "back"
    settings = TestSettings.create(vertx);
    var prefix = settings.getJsonObject("db").getString("prefix");
    Settings.put(settings, "events.transport", "kafka");
    Settings.put(settings, "events.kafka_bootstrap", TestKafka.bootstrap());
    Settings.put(settings, "events.kafka_topic_prefix", prefix);
    // the broker's least: a killed node's partitions move within seconds
    Settings.put(settings, "events.kafka_session_timeout_ms", 6000);
    Settings.put(settings, "events.kafka_heartbeat_interval_ms", 1000);
    Settings.put(settings, "http.instances", 1);
    // the gateways route the domains the scenarios use, so a gateway is ready once those all run
    Settings.put(settings, "contracts", new JsonArray(List.of("gateway", "auth", "catalog", "orders", "customers")));
    // bursts of hundreds of orders on a shared machine: what is checked is that none is lost or
    // applied twice, not admission control (it has tests of its own)
    Settings.put(settings, "orders.admission.max_event_age_ms", 600_000);
    Settings.put(settings, "orders.admission.max_pending_orders", 100_000);
    Settings.put(settings, "db.pool_size", 4);
    var ports = List.of(TestSettings.freePort(), TestSettings.freePort(), TestSettings.freePort());
    // a cluster name of its own: other test runs on this machine never join it
    Settings.put(settings, "cluster.name", "test-" + prefix);
    Settings.put(settings, "cluster.host", "127.0.0.1");
    Settings.put(settings, "cluster.members", new JsonArray(ports.stream().map(p -> "127.0.0.1:" + p).toList()));
    front = node("front", ports.get(0), TestSettings.freePort(), List.of("gateway", "auth", "orders"));
    back = node("back", ports.get(1), TestSettings.freePort(), List.of("gateway", "catalog"));
    spare = node("spare", ports.get(2), 0, List.of("catalog"));
    spareClusterPort = ports.get(2);
  }

  /** The spare node's host back after a loss, running these verticles; waits until it runs. */
  ClusterNode comeBack(List<String> verticles) {
    var node = node("spare-again", spareClusterPort, 0, verticles);
    started.add(node.start());
    return node.awaitRunning();
  }

  private ClusterNode node(String name, int clusterPort, int httpPort, List<String> verticles) {
    var own = settings.copy();
    Settings.put(own, "cluster.port", clusterPort);
    Settings.put(own, "http.port", httpPort);
    return new ClusterNode(dir, name, own, verticles);
  }

  /** Starts the three nodes at once and waits until each runs. */
  SplitDeploy start() {
    for (var node : List.of(front, back, spare)) {
      started.add(node.start());
    }
    for (var node : started) {
      node.awaitRunning();
    }
    return this;
  }

  /** A client of a node's gateway checking answers against the contracts. */
  static ApiClient client(Vertx vertx, ClusterNode node) {
    return new ApiClient(vertx, node.httpPort(), TestSystem.CONTRACTS);
  }

  /** The last lines each node printed, for a failure's message. */
  String logs() {
    var all = new StringBuilder();
    started.forEach(node -> all.append(node.tail()).append('\n'));
    return all.toString();
  }

  String topicPrefix() {
    return settings.getJsonObject("events").getString("kafka_topic_prefix");
  }

  @Override
  public void close() {
    started.forEach(ClusterNode::stop);
  }
}
