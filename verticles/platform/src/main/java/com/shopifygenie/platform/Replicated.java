package com.shopifygenie.platform;

/**
 * A verticle a node runs as several instances, each on an event loop of its own (the HTTP edge:
 * one per core). {@link Deployments} asks the first instance built how many there should be.
 */
public interface Replicated {

  /** How many instances of this verticle a node runs, at least one. */
  int instances();
}
