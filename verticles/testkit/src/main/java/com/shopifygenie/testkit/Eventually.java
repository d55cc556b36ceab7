package com.shopifygenie.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what events make true asynchronously; fails the test after a deadline. */
public final class Eventually {

  private Eventually() {}

  public static void eventually(BooleanSupplier condition) {
    eventually(Duration.ofSeconds(60), condition);
  }

  public static void eventually(Duration within, BooleanSupplier condition) {
    var deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not true within " + within.toSeconds() + " s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting", e);
      }
    }
  }
}
