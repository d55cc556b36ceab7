package com.shopifygenie.launcher;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.multimap.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.spi.cluster.hazelcast.impl.HazelcastRegistrationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;

/**
 * Takes the event-bus registrations of nodes that left out of the cluster's map, a while after
 * each departure. Vert.x's Hazelcast manager removes a leaving node's registrations itself, but
 * when two nodes die at once some of theirs stay, and every request the event bus round-robins to
 * one of them is lost until its reply timeout, for as long as the cluster lives.
 */
final class RegistrationSweeper implements MembershipListener {

  private static final Logger LOG = LoggerFactory.getLogger(RegistrationSweeper.class);
  /** After a departure: once the cluster has seen it (and any other death with it), then again. */
  private static final List<Long> SWEEPS_MS = List.of(2_000L, 10_000L, 30_000L);

  private final Vertx vertx;
  private final HazelcastClusterManager manager;

  private RegistrationSweeper(Vertx vertx, HazelcastClusterManager manager) {
    this.vertx = vertx;
    this.manager = manager;
  }

  static void install(Vertx vertx, HazelcastClusterManager manager) {
    manager.getHazelcastInstance().getCluster().addMembershipListener(new RegistrationSweeper(vertx, manager));
  }

  @Override
  public void memberAdded(MembershipEvent event) {}

  @Override
  public void memberRemoved(MembershipEvent event) {
    SWEEPS_MS.forEach(delay -> vertx.setTimer(delay, id -> vertx.executeBlocking(this::sweep, false)
      .onFailure(e -> LOG.warn("sweeping the registrations of departed nodes failed; the next sweep tries again", e))));
  }

  /** Removes what nodes no longer in the cluster registered; answers how many. */
  private Integer sweep() {
    if (!manager.isActive()) {
      return 0;
    }
    MultiMap<String, HazelcastRegistrationInfo> subs = manager.getHazelcastInstance().getMultiMap("__vertx.subs");
    // the entries before the members: a node that registers joined first, so it cannot look gone
    var entries = List.copyOf(subs.entrySet());
    var members = new HashSet<>(manager.getNodes());
    var removed = 0;
    for (var entry : entries) {
      if (!members.contains(entry.getValue().unwrap().nodeId()) && subs.remove(entry.getKey(), entry.getValue())) {
        removed++;
      }
    }
    if (removed > 0) {
      LOG.info("removed {} event-bus registrations of nodes no longer in the cluster", removed);
    }
    return removed;
  }
}
