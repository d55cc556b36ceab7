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
 * each departure, then has this node read every address's registrations afresh. Vert.x's Hazelcast
 * manager removes a leaving node's registrations itself, but when two nodes die at once some of
 * theirs may stay in the map, and this node's cache of them (which follows the map's events) may
 * keep them: every request the event bus round-robins to one is lost until its reply timeout.
 */
final class RegistrationSweeper implements MembershipListener {

  private static final Logger LOG = LoggerFactory.getLogger(RegistrationSweeper.class);
  /** After a departure: once the cluster has seen it (and any other death with it), then again. */
  private static final List<Long> SWEEPS_MS = List.of(2_000L, 10_000L, 30_000L);

  private final Vertx vertx;
  private final HazelcastClusterManager manager;
  private final ForgetfulNodeSelector selector;

  private RegistrationSweeper(Vertx vertx, HazelcastClusterManager manager, ForgetfulNodeSelector selector) {
    this.vertx = vertx;
    this.manager = manager;
    this.selector = selector;
  }

  static void install(Vertx vertx, HazelcastClusterManager manager, ForgetfulNodeSelector selector) {
    manager.getHazelcastInstance().getCluster().addMembershipListener(new RegistrationSweeper(vertx, manager, selector));
  }

  @Override
  public void memberAdded(MembershipEvent event) {}

  @Override
  public void memberRemoved(MembershipEvent event) {
    SWEEPS_MS.forEach(delay -> vertx.setTimer(delay, id -> vertx.executeBlocking(this::sweep, false)
      // then what this node knew of every address is read again from the map as it is now
      .onComplete(swept -> selector.forget())
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
