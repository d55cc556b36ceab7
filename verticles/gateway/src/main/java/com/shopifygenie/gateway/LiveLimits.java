package com.shopifygenie.gateway;

import com.shopifygenie.platform.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many live feeds are open on this node, in all and per user, against their limits. Shared
 * by the gateway instances of the node, each on an event loop of its own, hence the atomics.
 */
final class LiveLimits implements Shareable {

  private static final String SHARED = "shopifygenie.live.limits";

  private final int perUser;
  private final int perNode;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<UUID, Integer> byUser = new ConcurrentHashMap<>();

  private LiveLimits(int perUser, int perNode) {
    this.perUser = perUser;
    this.perNode = perNode;
  }

  /** The node's limits: the first gateway instance to start sets them for all of them. */
  static LiveLimits of(Vertx vertx, int perUser, int perNode) {
    var created = new LiveLimits(perUser, perNode);
    var existing = vertx.sharedData().<String, LiveLimits>getLocalMap(SHARED).putIfAbsent("limits", created);
    return existing == null ? created : existing;
  }

  /**
   * Counts a new feed of the user, or answers why it may not open (429); a feed counted must be
   * {@link #closed} once.
   */
  Problem open(UUID user) {
    if (open.incrementAndGet() > perNode) {
      open.decrementAndGet();
      return tooMany("live.connections_per_node", "This node holds its limit of " + perNode + " live feeds");
    }
    var mine = byUser.merge(user, 1, Integer::sum);
    if (mine > perUser) {
      closed(user);
      return tooMany("live.connections_per_user", "A user may hold at most " + perUser + " live feeds at once");
    }
    return null;
  }

  void closed(UUID user) {
    open.decrementAndGet();
    byUser.computeIfPresent(user, (u, n) -> n > 1 ? n - 1 : null);
  }

  private static Problem tooMany(String limit, String detail) {
    return Problem.of(429, "too-many-live-feeds", "Too many live feeds", detail + " (" + limit + ")");
  }
}
