package com.shopifygenie.launcher;

import com.shopifygenie.platform.Settings;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.Reply;
import com.shopifygenie.testkit.TestDatabase;
import com.shopifygenie.testkit.TestKafka;
import com.shopifygenie.testkit.TestSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * bench/cluster.sh: checkout throughput (POST /orders at a fixed concurrency, then until every
 * order is confirmed) of gateway, auth, catalog and orders in one JVM against the split of
 * {@link SplitDeploy} (both gateways taking orders), both on Kafka and the same PostgreSQL; then,
 * on the split, the time from a catalog node's SIGKILL to the first confirmation of an order whose
 * event lay on that node's partitions. Skipped unless -Dcluster.bench=true: a measurement, not a test.
 */
class ClusterBench {

  private static final int SECONDS = Integer.getInteger("cluster.bench.seconds", 20);
  private static final int IN_FLIGHT = Integer.getInteger("cluster.bench.concurrency", 32);

  @Test
  void measure() throws Exception {
    assumeTrue(Boolean.getBoolean("cluster.bench"), "a measurement: -Dcluster.bench=true");
    var vertx = Vertx.vertx();
    try (var cluster = new SplitDeploy(vertx)) {
      // one JVM first, alone on the machine's share of cores
      var alone = alone(cluster);
      double one;
      try {
        alone.start().awaitRunning();
        one = checkout("one JVM", vertx, List.of(SplitDeploy.client(vertx, alone)));
      } finally {
        alone.stop();
      }
      cluster.start();
      var gateways = List.of(SplitDeploy.client(vertx, cluster.front), SplitDeploy.client(vertx, cluster.back));
      eventually(() -> catalogNodes(gateways.get(1)) == 2);
      var split = checkout("3-node split", vertx, gateways);
      result("split/one", String.format("%.2f", split / one));
      takeover(cluster, gateways);
    } finally {
      vertx.close();
    }
  }

  private static ClusterNode alone(SplitDeploy cluster) {
    var settings = cluster.settings.copy();
    Settings.put(settings, "db.prefix", TestDatabase.freshPrefix());
    Settings.put(settings, "events.kafka_topic_prefix", settings.getJsonObject("db").getString("prefix"));
    Settings.put(settings, "http.port", TestSettings.freePort());
    return new ClusterNode(cluster.dir, "alone", settings, List.of("gateway", "auth", "catalog", "orders"), false);
  }

  /** Orders accepted per second at IN_FLIGHT concurrency, and orders confirmed per second end to end. */
  private static double checkout(String shape, Vertx vertx, List<ApiClient> gateways) {
    var staff = login(gateways.get(0));
    var sku = "BENCH-" + UUID.randomUUID().toString().substring(0, 8);
    new Shop(gateways.get(0), staff).product(sku, 1000, 400, 10_000_000);
    var customers = new ArrayList<String>();
    for (int i = 0; i < 8; i++) {
      customers.add(new Shop(gateways.get(i % gateways.size()), staff).customer());
    }
    warm(gateways, customers, sku, 3);
    var accepted = new ConcurrentLinkedQueue<String>();
    var started = System.nanoTime();
    var deadline = started + Duration.ofSeconds(SECONDS).toNanos();
    var sent = new AtomicInteger();
    var lanes = new ArrayList<Future<Void>>();
    for (int lane = 0; lane < IN_FLIGHT; lane++) {
      lanes.add(keepOrdering(gateways, customers, sku, deadline, sent, accepted));
    }
    Future.all(lanes).await();
    var sending = (System.nanoTime() - started) / 1e9;
    var ids = Set.copyOf(accepted);
    eventually(Duration.ofSeconds(300), () -> pending(gateways.get(0), staff, ids) == 0);
    var decided = (System.nanoTime() - started) / 1e9;
    var acceptedPerSecond = ids.size() / sending;
    result(shape, String.format("accepted %d orders in %.1f s: %.0f/s; all confirmed after %.1f s: %.0f/s", ids.size(),
      sending, acceptedPerSecond, decided, ids.size() / decided));
    return ids.size() / decided;
  }

  private static void warm(List<ApiClient> gateways, List<String> customers, String sku, int seconds) {
    var deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    var lanes = new ArrayList<Future<Void>>();
    for (int lane = 0; lane < 8; lane++) {
      lanes.add(keepOrdering(gateways, customers, sku, deadline, new AtomicInteger(), new ConcurrentLinkedQueue<>()));
    }
    Future.all(lanes).await();
  }

  /** One lane: the next order as soon as the last was answered, until the deadline. */
  private static Future<Void> keepOrdering(List<ApiClient> gateways, List<String> customers, String sku, long deadline,
                                           AtomicInteger sent, ConcurrentLinkedQueue<String> accepted) {
    if (System.nanoTime() > deadline) {
      return Future.succeededFuture();
    }
    var i = sent.getAndIncrement();
    return post(gateways.get(i % gateways.size()), customers.get(i % customers.size()), sku).compose(reply -> {
      if (reply.status() == 201) {
        accepted.add(reply.json().getString("id"));
      }
      return keepOrdering(gateways, customers, sku, deadline, sent, accepted);
    });
  }

  /**
   * Streams orders through both gateways, kills the spare catalog node, and reads when the first
   * order on its partitions was confirmed by the survivor (and the last).
   */
  private static void takeover(SplitDeploy cluster, List<ApiClient> gateways) throws Exception {
    var staff = login(gateways.get(0));
    var sku = "KILL-" + UUID.randomUUID().toString().substring(0, 8);
    new Shop(gateways.get(0), staff).product(sku, 1000, 400, 10_000_000);
    var customer = new Shop(gateways.get(0), staff).customer();
    var topic = cluster.topicPrefix() + "order-events";
    try (var kafka = Admin.create(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrap()))) {
      var before = assignment(kafka, cluster.topicPrefix() + "catalog", topic);
      var accepted = new ConcurrentLinkedQueue<String>();
      var deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      var lanes = new ArrayList<Future<Void>>();
      for (int lane = 0; lane < 8; lane++) {
        lanes.add(keepOrdering(gateways, List.of(customer), sku, deadline, new AtomicInteger(lane), accepted));
      }
      Thread.sleep(3000);
      cluster.spare.kill();
      var killed = Instant.now();
      Future.all(lanes).await();
      var ids = Set.copyOf(accepted);
      eventually(Duration.ofSeconds(120), () -> pending(gateways.get(0), staff, ids) == 0);
      eventually(() -> assignment(kafka, cluster.topicPrefix() + "catalog", topic).size() == 1);
      var after = assignment(kafka, cluster.topicPrefix() + "catalog", topic);
      var dead = new HashSet<>(before.keySet());
      dead.removeAll(after.keySet());
      var deadPartitions = before.get(dead.iterator().next());
      // orders placed after the kill whose events fell on the dead node's partitions: only the
      // survivor can have reserved them, once the group gave it those partitions
      var times = times(gateways.get(0), staff, ids);
      var onDead = ids.stream().filter(id -> deadPartitions.contains(partitionOf(id)))
        .filter(id -> times.get(id)[0].isAfter(killed)).map(id -> times.get(id)[1]).sorted().toList();
      result("takeover", String.format("SIGKILL -> first order placed after it on the dead node's partitions confirmed by the"
          + " survivor: %d ms; -> the last of them: %d ms (%d orders; Kafka session timeout %d ms)",
        Duration.between(killed, onDead.get(0)).toMillis(), Duration.between(killed, onDead.get(onDead.size() - 1)).toMillis(),
        onDead.size(), cluster.settings.getJsonObject("events").getInteger("kafka_session_timeout_ms")));
    }
  }

  private static Future<Reply> post(ApiClient api, String customer, String sku) {
    var body = new JsonObject().put("lines", new JsonArray().add(new JsonObject().put("sku", sku).put("quantity", 1)));
    return api.sendAsync(HttpMethod.POST, "/orders", body.toBuffer(), "application/json",
      Map.of("Authorization", "Bearer " + customer));
  }

  private static String login(ApiClient api) {
    return api.post("/auth/login", new JsonObject().put("email", TestSettings.ADMIN_EMAIL)
      .put("password", TestSettings.ADMIN_PASSWORD)).json().getString("access_token");
  }

  private static long pending(ApiClient api, String staff, Set<String> ids) {
    return orders(api, staff, "&status=pending").stream().filter(o -> ids.contains(o.getString("id"))).count();
  }

  private static long catalogNodes(ApiClient api) {
    return api.get("/health/services").json().getJsonArray("services").stream().map(JsonObject.class::cast)
      .filter(s -> "catalog".equals(s.getString("name"))).mapToLong(s -> s.getJsonArray("nodes").size()).sum();
  }

  /** Per order: when it was placed and when it was last changed (decided, for these orders). */
  private static Map<String, Instant[]> times(ApiClient api, String staff, Set<String> ids) {
    var at = new HashMap<String, Instant[]>();
    orders(api, staff, "").stream().filter(o -> ids.contains(o.getString("id"))).forEach(o -> at.put(o.getString("id"),
      new Instant[] {Instant.parse(o.getString("created_at")), Instant.parse(o.getString("updated_at"))}));
    return at;
  }

  private static List<JsonObject> orders(ApiClient api, String staff, String query) {
    var all = new ArrayList<JsonObject>();
    String cursor = null;
    do {
      var page = api.get("/orders?limit=100" + query + (cursor == null ? "" : "&cursor=" + cursor), staff).json();
      page.getJsonArray("items").forEach(o -> all.add((JsonObject) o));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    return all;
  }

  private static Map<String, Set<Integer>> assignment(Admin kafka, String group, String topic) {
    try {
      var description = kafka.describeConsumerGroups(List.of(group)).all().get().get(group);
      var byMember = new HashMap<String, Set<Integer>>();
      description.members().forEach(m -> byMember.put(m.consumerId(), m.assignment().topicPartitions().stream()
        .filter(p -> p.topic().equals(topic)).map(TopicPartition::partition).collect(Collectors.toSet())));
      return byMember;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static int partitionOf(String orderId) {
    return Utils.toPositive(Utils.murmur2(orderId.getBytes(StandardCharsets.UTF_8))) % 3;
  }

  private static void result(String name, String figure) {
    System.out.println("RESULT " + name + ": " + figure);
  }
}
