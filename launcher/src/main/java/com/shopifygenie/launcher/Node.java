package com.shopifygenie.launcher;

import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.devkit.EmbeddedKafka;
import com.shopifygenie.platform.ClusterView;
import com.shopifygenie.platform.Deployments;
import com.shopifygenie.platform.EmbeddedDatabase;
import com.shopifygenie.platform.InvalidSettings;
import com.shopifygenie.platform.LocalEventTransport;
import com.shopifygenie.platform.Settings;
import com.shopifygenie.platform.SigningKeys;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One running node: the chosen verticles deployed in one Vert.x instance, plus the embedded
 * PostgreSQL when dev mode was given no server. Stops in the reverse order: the gateway first,
 * so in-flight requests still find their domains; the embedded servers last, once nothing holds
 * a connection to them.
 */
final class Node {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final Vertx vertx;
  private final List<String> deployments = new ArrayList<>();
  private EmbeddedDatabase embedded;
  private EmbeddedKafka kafka;
  private JsonObject settings;
  private Future<Node> started = Future.succeededFuture(this);
  private Future<Void> stopped;

  Node(Vertx vertx) {
    this.vertx = vertx;
  }

  JsonObject settings() {
    return settings;
  }

  /** This node's id in the cluster, or null when it runs alone. */
  String clusterNodeId() {
    return vertx.isClustered() ? ClusterView.nodeId(vertx) : null;
  }

  /** Loads the configuration, prepares what the node needs on disk, deploys the verticles. */
  Future<Node> start(String configFile, Map<String, String> environment, List<String> verticles, boolean dev) {
    return start(configFile, environment, verticles, dev, false);
  }

  /** With {@code embeddedKafka}, events go through a Kafka broker this node starts (dev mode). */
  synchronized Future<Node> start(String configFile, Map<String, String> environment, List<String> verticles,
                                  boolean dev, boolean embeddedKafka) {
    started = Settings.load(vertx, configFile, environment)
      .compose(config -> vertx.executeBlocking(() -> prepare(config, verticles, dev, embeddedKafka)))
      .compose(config -> {
        settings = config;
        Future<Void> chain = Future.succeededFuture();
        for (var name : Verticles.ALL.keySet()) {
          if (verticles.contains(name)) {
            chain = chain.compose(v -> Deployments.deploy(vertx, Verticles.ALL.get(name), config)
              .onSuccess(deployments::add)
              .recover(e -> Future.failedFuture(new IllegalStateException(name + " did not start: " + e.getMessage(), e)))
              .mapEmpty());
          }
        }
        // every domain has subscribed by now: local events may flow
        return chain.onSuccess(v -> LocalEventTransport.open(vertx));
      })
      .map(this);
    return started;
  }

  private JsonObject prepare(JsonObject config, List<String> verticles, boolean dev, boolean embeddedKafka) {
    var result = config;
    if (embeddedKafka) {
      var dir = Path.of(config.getString("data_dir", ".data")).resolve("kafka");
      LOG.info("Starting the embedded Kafka broker in {}", dir.toAbsolutePath());
      kafka = EmbeddedKafka.start(dir, Settings.section(config, "events").getInteger("embedded_kafka_port", 9092));
      result = Settings.put(Settings.put(result.copy(), "events.transport", "kafka"), "events.kafka_bootstrap", kafka.bootstrap());
    }
    var needsDatabase = verticles.stream().anyMatch(Verticles::needsDatabase);
    if (needsDatabase && Settings.section(config, "db").getString("url", "").isBlank()) {
      if (!dev) {
        throw new InvalidSettings("SHOPIFYGENIE_DB_URL (db.url) must name a PostgreSQL server outside dev mode");
      }
      var dir = Path.of(config.getString("data_dir", ".data")).resolve("postgres");
      LOG.info("No SHOPIFYGENIE_DB_URL: starting the embedded PostgreSQL in {}", dir.toAbsolutePath());
      embedded = EmbeddedDatabase.start(dir);
      result = Settings.put(result.copy(), "db.url", embedded.url());
    }
    if (dev && Settings.section(result, "admin").getString("password", "").isBlank()) {
      // dev mode's convenience: a first super admin everyone can log in as, on a developer's machine
      result = Settings.put(result.copy(), "admin.password", AuthVerticle.DEV_ADMIN_PASSWORD);
    }
    return SigningKeys.prepare(result);
  }

  /**
   * Stops once, however often asked: when the start has settled (a stop during the start still
   * finds everything it started), undeploys in reverse start order, closes Vert.x and with it
   * every pool and connection, then stops the embedded broker and database.
   */
  synchronized Future<Void> stop() {
    if (stopped == null) {
      // a promise of no context: its listeners must not be dispatched to an event loop, which
      // is closed by the time the stop completes
      Promise<Void> done = Promise.promise();
      started.onComplete(ignored -> stopInOrder().onComplete(done));
      stopped = done.future();
    }
    return stopped;
  }

  private Future<Void> stopInOrder() {
    Future<Void> chain = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      var id = deployments.get(i);
      chain = chain.compose(v -> vertx.undeploy(id).recover(e -> Future.succeededFuture()));
    }
    return chain
      .eventually(vertx::close)
      .eventually(this::stopEmbedded);
  }

  private Future<Void> stopEmbedded() {
    // Vert.x is closed by now: stop the embedded servers on this thread
    stopEmbeddedNow();
    return Future.succeededFuture();
  }

  /**
   * Stops the embedded broker and database, once: at the end of the stop, or when the stop did not
   * finish in time (Kafka clients wait for a broker that is gone), so the JVM leaves nothing running.
   */
  synchronized void stopEmbeddedNow() {
    var broker = kafka;
    var database = embedded;
    kafka = null;
    embedded = null;
    try {
      if (broker != null) {
        broker.close();
      }
    } finally {
      if (database != null) {
        database.close();
      }
    }
  }
}
