package com.shopifygenie.launcher;

import com.hazelcast.config.Config;
import com.shopifygenie.platform.InvalidSettings;
import com.shopifygenie.platform.Settings;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.List;

/**
 * How a node joins the others (`run --cluster`): the Hazelcast cluster manager of Vert.x, members
 * found by TCP-IP from the configured list (never multicast, never auto-detection), failure
 * detection as configured, and the event bus bound where the other nodes can reach it.
 */
final class ClusterJoin {

  private ClusterJoin() {}

  /** Refuses, with one line saying why, the settings a cluster cannot run on. */
  static void check(JsonObject settings) {
    var events = Settings.section(settings, "events");
    if (!"kafka".equals(events.getString("transport", "local"))) {
      throw new InvalidSettings("--cluster needs the Kafka event transport (SHOPIFYGENIE_EVENTS=kafka and "
        + "SHOPIFYGENIE_KAFKA_BOOTSTRAP): the local event bus carries events only inside one JVM");
    }
    if (events.getString("kafka_bootstrap", "").isBlank()) {
      throw new InvalidSettings("--cluster needs SHOPIFYGENIE_KAFKA_BOOTSTRAP (events.kafka_bootstrap)");
    }
    if (members(settings).isEmpty()) {
      throw new InvalidSettings("--cluster needs cluster.members (SHOPIFYGENIE_CLUSTER_MEMBERS): "
        + "host[:port] of the nodes to join, this one may be among them");
    }
  }

  static HazelcastClusterManager manager(JsonObject settings) {
    var cluster = Settings.section(settings, "cluster");
    // Vert.x's own Hazelcast configuration (the maps and multimap its event bus needs), then ours
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.getString("name", "shopifygenie"));
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // Vert.x leaves the cluster itself when it closes: Hazelcast's own hook would leave first
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.heartbeat.interval.seconds", String.valueOf(cluster.getInteger("heartbeat_seconds", 1)));
    config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(cluster.getInteger("max_no_heartbeat_seconds", 5)));
    // a node split off looks for the others this often, so it serves again within seconds, not minutes
    var merge = String.valueOf(cluster.getInteger("merge_delay_seconds", 10));
    config.setProperty("hazelcast.merge.first.run.delay.seconds", merge);
    config.setProperty("hazelcast.merge.next.run.delay.seconds", merge);
    var host = cluster.getString("host", "");
    if (!host.isBlank()) {
      config.setProperty("hazelcast.local.localAddress", host);
    }
    var network = config.getNetworkConfig();
    var portCount = cluster.getInteger("port_count", 1);
    network.setPort(cluster.getInteger("port", 5701)).setPortCount(portCount).setPortAutoIncrement(portCount > 1);
    var join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(members(settings));
    return new HazelcastClusterManager(config);
  }

  /** Where the clustered event bus listens: the configured host (else the cluster manager's) and port. */
  static VertxOptions options(JsonObject settings) {
    var cluster = Settings.section(settings, "cluster");
    var options = new VertxOptions();
    var host = cluster.getString("host", "");
    if (!host.isBlank()) {
      options.getEventBusOptions().setHost(host);
    }
    options.getEventBusOptions().setPort(cluster.getInteger("bus_port", 0));
    return options;
  }

  private static List<String> members(JsonObject settings) {
    var members = Settings.section(settings, "cluster").getValue("members");
    if (members instanceof JsonArray list) {
      return list.stream().map(String::valueOf).map(String::trim).filter(m -> !m.isEmpty()).toList();
    }
    if (members instanceof String text) {
      return List.of(text.split(",")).stream().map(String::trim).filter(m -> !m.isEmpty()).toList();
    }
    return List.of();
  }
}
