package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.ClusteredNode;
import io.vertx.core.spi.cluster.RegistrationInfo;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Which node this is and which nodes serve an event bus address, as the cluster manager sees it:
 * its registry of subscriptions is cluster-wide and drops a member's entries when the member
 * leaves or is found dead. A Vert.x instance that joined no cluster is one node, {@link #LOCAL}.
 */
public final class ClusterView {

  /** The id of a node that is not clustered. */
  public static final String LOCAL = "local";

  private static final Map<Vertx, ClusteredNode> NODES = Collections.synchronizedMap(new WeakHashMap<>());

  private ClusterView() {}

  /** Called by whoever built a clustered Vert.x, before anything is deployed on it. */
  public static void joined(Vertx vertx, ClusteredNode node) {
    NODES.put(vertx, node);
  }

  public static String nodeId(Vertx vertx) {
    var node = NODES.get(vertx);
    return node == null ? LOCAL : node.getNodeId();
  }

  /** The nodes with at least one consumer of the address (this node alone, when not clustered). */
  public static Future<List<String>> nodesServing(Vertx vertx, String address) {
    var node = NODES.get(vertx);
    if (node == null) {
      return Future.succeededFuture(List.of(LOCAL));
    }
    Promise<List<RegistrationInfo>> registrations = Promise.promise();
    node.getRegistrations(address, registrations);
    return registrations.future().map(list -> list.stream()
      .filter(r -> !r.localOnly()).map(RegistrationInfo::nodeId).distinct().sorted().toList());
  }
}
