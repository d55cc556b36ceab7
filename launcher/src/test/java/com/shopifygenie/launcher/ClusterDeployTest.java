package com.shopifygenie.launcher;

import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.Reply;
import com.shopifygenie.testkit.TestKafka;
import com.shopifygenie.testkit.TestSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The split deploy of {@link SplitDeploy} (three clustered JVMs, Kafka between the domains): the
 * health of the cluster, orders through both gateways that never oversell, a catalog node killed
 * with SIGKILL under a stream of orders, and a node coming back. The scenarios share the processes
 * and run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ClusterDeployTest.LogsOnFailure.class)
class ClusterDeployTest {

  private Vertx vertx;
  private SplitDeploy cluster;
  private ApiClient viaFront;
  private ApiClient viaBack;
  private ClusterNode spareAgain;
  private String staff;
  private final List<String> customers = new ArrayList<>();

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    cluster = new SplitDeploy(vertx);
    try {
      cluster.start();
      viaFront = SplitDeploy.client(vertx, cluster.front);
      viaBack = SplitDeploy.client(vertx, cluster.back);
      eventually(() -> nodesOf(viaBack, "catalog").size() == 2 && nodesOf(viaBack, "auth").size() == 1
        && nodesOf(viaBack, "orders").size() == 1);
      // the gateway on "back" has neither auth nor orders: every one of these crosses nodes
      staff = viaBack.post("/auth/login", new JsonObject().put("email", TestSettings.ADMIN_EMAIL)
        .put("password", TestSettings.ADMIN_PASSWORD)).json().getString("access_token");
      for (int i = 0; i < 10; i++) {
        customers.add(new Shop(i % 2 == 0 ? viaFront : viaBack, staff).customer());
      }
    } catch (RuntimeException | AssertionError e) {
      var logs = cluster.logs();
      stop();
      throw new AssertionError("the split deploy did not start\n" + logs, e);
    }
  }

  @AfterAll
  void stop() {
    // always: no node may outlive the test
    cluster.close();
    vertx.close();
  }

  @Test
  @Order(1)
  void healthListsEachDomainWithItsNodesAndADomainRunningNowhereAnswers503AtOnce() {
    for (var api : List.of(viaFront, viaBack)) {
      var catalog = nodesOf(api, "catalog");
      var orders = nodesOf(api, "orders");
      assertEquals(2, catalog.size(), catalog::toString);
      assertEquals(orders, nodesOf(api, "auth"), "auth and orders run on one node");
      assertFalse(catalog.containsAll(orders), "orders runs on a node without catalog");
      assertTrue(nodesOf(api, "customers").isEmpty());
      // ready only when every domain it routes to has a live instance: customers has none yet
      assertEquals(503, api.get("/health/ready").status());
      var started = System.nanoTime();
      var reply = api.get("/customers/me", customers.get(0));
      assertEquals(503, reply.status(), reply::toString);
      assertEquals("https://shopifygenie.dev/problems/unavailable", reply.json().getString("type"));
      assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 2000, "503 at once, not after a timeout");
    }
  }

  @Test
  @Order(2)
  void fiveHundredOrdersForFiftyUnitsThroughBothGatewaysWithCatalogOnTwoNodesNeverOversell() {
    var shop = new Shop(viaFront, staff);
    var product = shop.product("CL-HOT", 1500, 600, 50);
    var posts = IntStream.range(0, 500).mapToObj(i -> order(i, "CL-HOT")).toList();
    Future.all(posts).await();
    var ids = new HashSet<String>();
    for (var post : posts) {
      assertEquals(201, post.result().status(), () -> post.result().toString());
      ids.add(post.result().json().getString("id"));
    }
    assertEquals(500, ids.size());

    var decided = awaitDecided(ids);
    assertEquals(50, decided.values().stream().filter("confirmed"::equals).count());
    assertEquals(450, decided.values().stream().filter("rejected"::equals).count());
    var stock = shop.inventory(product);
    assertEquals(List.of(50, 50, 0), List.of(stock.getInteger("on_hand"), stock.getInteger("reserved"),
      stock.getInteger("available")));
    assertReservedOncePerConfirmedOrder(shop, product, decided);
  }

  @Test
  @Order(3)
  void aCatalogNodeKilledUnderAStreamOfOrdersLosesNoneAppliesNoneTwiceAndTheSurvivorTakesItsEvents() throws Exception {
    var shop = new Shop(viaBack, staff);
    var product = shop.product("CL-KILL", 1500, 600, 200);
    var group = cluster.topicPrefix() + "catalog";
    var topic = cluster.topicPrefix() + "order-events";
    try (var kafka = Admin.create(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrap()))) {
      var before = assignment(kafka, group, topic);
      assertEquals(2, before.size(), () -> "both catalog nodes consume: " + before);
      // two catalog relays, one database: one of them holds the relay lock
      var relayBefore = relayLockHolders();
      assertEquals(1, relayBefore.size(), relayBefore::toString);
      before.values().forEach(partitions -> assertFalse(partitions.isEmpty(), before::toString));

      var accepted = new ArrayList<String>();
      var afterKill = new ArrayList<String>();
      for (int batch = 0; batch < 40; batch++) {
        if (batch == 12) {
          cluster.spare.kill();
        }
        var posts = IntStream.range(0, 8).mapToObj(i -> order(i, "CL-KILL")).toList();
        Future.join(posts).await();
        for (var post : posts) {
          // accepted (201), or turned away by admission control (503): never anything else
          assertTrue(post.result().status() == 201 || post.result().status() == 503, () -> post.result().toString());
          if (post.result().status() == 201) {
            var id = post.result().json().getString("id");
            accepted.add(id);
            if (batch >= 12) {
              afterKill.add(id);
            }
          }
        }
      }

      var decided = awaitDecided(new HashSet<>(accepted));
      var confirmed = decided.values().stream().filter("confirmed"::equals).count();
      assertEquals(Math.min(200, accepted.size()), confirmed);
      var stock = shop.inventory(product);
      assertEquals(200, stock.getInteger("on_hand"));
      assertEquals(confirmed, (long) stock.getInteger("reserved"));
      assertReservedOncePerConfirmedOrder(shop, product, decided);

      // the group dropped the dead node; the partitions it had are the survivor's now, and orders
      // that fell on them after the kill were decided: only the survivor could have applied them
      eventually(() -> assignment(kafka, group, topic).size() == 1);
      var survivor = assignment(kafka, group, topic);
      var dead = new HashSet<>(before.keySet());
      dead.removeAll(survivor.keySet());
      assertEquals(1, dead.size());
      var deadPartitions = before.get(dead.iterator().next());
      assertTrue(survivor.values().iterator().next().containsAll(deadPartitions));
      var partitions = kafka.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      assertTrue(afterKill.stream().anyMatch(id -> deadPartitions.contains(partitionOf(id, partitions))),
        "some orders after the kill fell on the dead node's partitions");

      // whichever relay led, one leads now (the survivor's, if the dead node's had the lock)
      eventually(() -> relayLockHolders().size() == 1);

      // and the cluster dropped it: health lists catalog on one node, and every catalog request,
      // whichever gateway takes it, goes to the survivor
      eventually(() -> nodesOf(viaFront, "catalog").size() == 1 && nodesOf(viaBack, "catalog").size() == 1);
      for (int i = 0; i < 10; i++) {
        var read = (i % 2 == 0 ? viaFront : viaBack).get("/products/" + product, staff);
        assertEquals(200, read.status(), read::toString);
      }
    }
  }

  @Test
  @Order(4)
  void aNodeComingBackServesAgainWithoutRestartingTheOthers() {
    spareAgain = cluster.comeBack(List.of("catalog", "customers"));
    eventually(() -> viaFront.get("/health/ready").status() == 200 && viaBack.get("/health/ready").status() == 200);
    assertEquals(2, nodesOf(viaFront, "catalog").size());
    for (var api : List.of(viaFront, viaBack)) {
      var profiles = api.get("/customers?limit=5", staff);
      assertEquals(200, profiles.status(), profiles::toString);
    }
    var id = order(0, "CL-HOT").await().json().getString("id");
    // CL-HOT sold out in the second scenario: a decision still comes, from the cluster as it is now
    assertEquals("rejected", awaitDecided(Set.of(id)).get(id));
  }

  @Test
  @Order(5)
  void bothCatalogNodesKilledAtOnceLeaveNoRegistrationBehind() {
    var product = new Shop(viaFront, staff).product("CL-GONE", 1500, 600, 5);
    // at once: with one backup of the cluster's registrations, some sat on these two nodes alone
    List.of(cluster.back, spareAgain).parallelStream().forEach(ClusterNode::kill);
    eventually(Duration.ofSeconds(30), () -> nodesOf(viaFront, "catalog").isEmpty());
    // every catalog operation is told unavailable at once, none waits out the dispatch timeout
    eventually(Duration.ofSeconds(30), () -> List.of("/products", "/products/" + product, "/inventory/low-stock",
      "/inventory/movements", "/products/" + product + "/inventory", "/catalog/dead-letters").stream()
      .allMatch(path -> IntStream.range(0, 3).allMatch(i -> {
        var started = System.nanoTime();
        var reply = viaFront.get(path, staff);
        return reply.status() == 503 && Duration.ofNanos(System.nanoTime() - started).toMillis() < 2000;
      })));
  }

  private Future<Reply> order(int i, String sku) {
    var api = i % 2 == 0 ? viaFront : viaBack;
    var body = new JsonObject().put("lines", new JsonArray().add(new JsonObject().put("sku", sku).put("quantity", 1)));
    return api.sendAsync(HttpMethod.POST, "/orders", body.toBuffer(), "application/json",
      Map.of("Authorization", "Bearer " + customers.get(i % customers.size())));
  }

  /** Waits until none of the orders is pending; answers each one's status. */
  private Map<String, String> awaitDecided(Set<String> ids) {
    var statuses = new HashMap<String, String>();
    eventually(Duration.ofSeconds(60), () -> {
      statuses.clear();
      statuses.putAll(statuses(ids));
      return statuses.size() == ids.size() && statuses.values().stream().noneMatch("pending"::equals);
    });
    statuses.values().forEach(status -> assertTrue(Set.of("confirmed", "rejected").contains(status), status));
    return statuses;
  }

  private Map<String, String> statuses(Set<String> ids) {
    var all = new HashMap<String, String>();
    String cursor = null;
    do {
      var page = viaFront.get("/orders?limit=100" + (cursor == null ? "" : "&cursor=" + cursor), staff).json();
      for (var o : page.getJsonArray("items")) {
        var order = (JsonObject) o;
        if (ids.contains(order.getString("id"))) {
          all.put(order.getString("id"), order.getString("status"));
        }
      }
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    return all;
  }

  /** Catalog reserved each confirmed order once and no other: no event was applied twice. */
  private static void assertReservedOncePerConfirmedOrder(Shop shop, String product, Map<String, String> decided) {
    var reservations = shop.movements(product).stream().filter(m -> "reserved".equals(m.getString("reason")))
      .map(m -> m.getString("order_id")).toList();
    var confirmed = decided.entrySet().stream().filter(e -> "confirmed".equals(e.getValue())).map(Map.Entry::getKey)
      .collect(Collectors.toSet());
    assertEquals(reservations.size(), new HashSet<>(reservations).size(), "an order reserved twice");
    assertEquals(confirmed, new HashSet<>(reservations));
  }

  /** The sessions holding an advisory lock on catalog's database: the relay lock is its only one. */
  private List<Integer> relayLockHolders() {
    var db = cluster.settings.getJsonObject("db");
    var options = PgConnectOptions.fromUri(db.getString("url")).setDatabase(db.getString("prefix") + "catalog");
    var conn = PgConnection.connect(vertx, options).await();
    try {
      var rows = conn.query("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
        + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())").execute().await();
      var pids = new ArrayList<Integer>();
      rows.forEach(row -> pids.add(row.getInteger("pid")));
      return pids;
    } finally {
      conn.close().await();
    }
  }

  /** The node ids /health/services lists as serving a domain and up. */
  private static Set<String> nodesOf(ApiClient api, String domain) {
    return api.get("/health/services").json().getJsonArray("services").stream().map(JsonObject.class::cast)
      .filter(s -> domain.equals(s.getString("name")))
      .flatMap(s -> s.getJsonArray("nodes", new JsonArray()).stream().map(JsonObject.class::cast))
      .filter(n -> "UP".equals(n.getString("status"))).map(n -> n.getString("node")).collect(Collectors.toSet());
  }

  /** The partitions of a topic each member of a consumer group holds, by member id. */
  private static Map<String, Set<Integer>> assignment(Admin kafka, String group, String topic) {
    ConsumerGroupDescription description;
    try {
      description = kafka.describeConsumerGroups(List.of(group)).all().get().get(group);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    var byMember = new HashMap<String, Set<Integer>>();
    description.members().forEach(member -> byMember.put(member.consumerId(), member.assignment().topicPartitions()
      .stream().filter(p -> p.topic().equals(topic)).map(TopicPartition::partition).collect(Collectors.toSet())));
    return byMember;
  }

  /** The partition Kafka's default partitioner gives a record keyed by the order id. */
  private static int partitionOf(String orderId, int partitions) {
    return Utils.toPositive(Utils.murmur2(orderId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** Puts the nodes' last lines in the report of a failed scenario. */
  static final class LogsOnFailure implements TestWatcher {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      context.getTestInstance().map(ClusterDeployTest.class::cast)
        .ifPresent(test -> System.out.println(test.cluster.logs()));
    }
  }
}
