package com.shopifygenie.launcher;

import io.vertx.core.Completable;
import io.vertx.core.eventbus.impl.clustered.DefaultNodeSelector;
import io.vertx.core.eventbus.impl.clustered.NodeSelector;
import io.vertx.core.spi.cluster.ClusteredNode;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;

/**
 * Vert.x's own node selector, whose cache of each address's registrations can be dropped. That
 * cache follows the cluster map's entry events; a registration lost with its partition (the two
 * nodes holding a partition and its backup dying together) sends none, so the cache kept sending
 * to dead nodes, every message lost until its reply timeout, for as long as the node ran. Vert.x's
 * selector ignores the cluster manager's "registrations lost"; this one starts afresh on it, and
 * when told to, so the next message to each address reads the cluster's registrations again.
 */
final class ForgetfulNodeSelector implements NodeSelector {

  private ClusteredNode node;
  private boolean started;
  private volatile NodeSelector current = new DefaultNodeSelector();

  @Override
  public synchronized void init(ClusteredNode clusteredNode) {
    node = clusteredNode;
    current.init(clusteredNode);
  }

  @Override
  public synchronized void eventBusStarted() {
    started = true;
    current.eventBusStarted();
  }

  @Override
  public void selectForSend(String address, Completable<String> promise) {
    current.selectForSend(address, promise);
  }

  @Override
  public void selectForPublish(String address, Completable<Iterable<String>> promise) {
    current.selectForPublish(address, promise);
  }

  @Override
  public void registrationsUpdated(RegistrationUpdateEvent event) {
    current.registrationsUpdated(event);
  }

  @Override
  public boolean wantsUpdatesFor(String address) {
    return current.wantsUpdatesFor(address);
  }

  @Override
  public void registrationsLost() {
    forget();
  }

  /** Drops what it knew of every address; selections already asked finish on the old cache. */
  synchronized void forget() {
    var fresh = new DefaultNodeSelector();
    fresh.init(node);
    if (started) {
      fresh.eventBusStarted();
    }
    current = fresh;
  }
}
