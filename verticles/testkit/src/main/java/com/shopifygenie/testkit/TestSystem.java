package com.shopifygenie.testkit;

import com.shopifygenie.platform.Deployments;
import com.shopifygenie.platform.LocalEventTransport;
import com.shopifygenie.platform.Settings;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A running system for a test class: the verticles it names, deployed in order with one
 * configuration, and a contract-checking client on the gateway's port.
 */
public final class TestSystem {

  public static final List<String> CONTRACTS = List.of("gateway", "auth", "catalog", "orders", "customers",
    "accounting", "analytics");

  private final Vertx vertx;
  private final JsonObject settings;
  private final List<String> deployments = new ArrayList<>();
  private ApiClient client;

  private TestSystem(Vertx vertx, JsonObject settings) {
    this.vertx = vertx;
    this.settings = settings;
  }

  public static TestSystem create(Vertx vertx) {
    return new TestSystem(vertx, TestSettings.create(vertx));
  }

  /** A system whose events go through the test Kafka broker, on topics of its own. */
  public static TestSystem withKafka(Vertx vertx) {
    var settings = TestSettings.create(vertx);
    Settings.put(settings, "events.transport", "kafka");
    Settings.put(settings, "events.kafka_bootstrap", TestKafka.bootstrap());
    Settings.put(settings, "events.kafka_topic_prefix", settings.getJsonObject("db").getString("prefix"));
    return new TestSystem(vertx, settings);
  }

  public JsonObject settings() {
    return settings;
  }

  public int port() {
    return settings.getJsonObject("http").getInteger("port");
  }

  /** Deploys a verticle built from the settings (as many instances as it asks for); blocks the test thread until it started. */
  @SafeVarargs
  public final TestSystem deploy(Function<JsonObject, Deployable>... verticles) {
    for (var verticle : verticles) {
      deployments.add(Deployments.deploy(vertx, verticle, settings).await());
    }
    LocalEventTransport.open(vertx);
    return this;
  }

  /** Stops the verticle deployed at {@code index} and deploys it anew with the same settings, as a node restarting would. */
  public TestSystem redeploy(int index, Function<JsonObject, Deployable> verticle) {
    vertx.undeploy(deployments.get(index)).await();
    deployments.set(index, Deployments.deploy(vertx, verticle, settings).await());
    return this;
  }

  public String deploymentId(int index) {
    return deployments.get(index);
  }

  public ApiClient client() {
    if (client == null) {
      client = new ApiClient(vertx, port(), CONTRACTS);
    }
    return client;
  }

  /**
   * Stops the system after checking that every event its domains wrote to their outboxes
   * matches its schema in schemas/events/.
   */
  public void stop() {
    if (client != null) {
      client.close();
    }
    var db = settings.getJsonObject("db");
    EmittedEvents.assertValid(vertx, db.getString("url"), db.getString("prefix"));
    for (int i = deployments.size() - 1; i >= 0; i--) {
      vertx.undeploy(deployments.get(i)).await();
    }
    deployments.clear();
  }
}
