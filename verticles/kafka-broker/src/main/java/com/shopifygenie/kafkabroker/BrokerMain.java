package com.shopifygenie.kafkabroker;

import java.io.IOException;

/**
 * The main class of the broker JVM that {@code com.shopifygenie.devkit.EmbeddedKafka} starts:
 * {@code kafka.Kafka}, plus an exit when standard input reaches its end.
 *
 * <p>The parent keeps the write end of that pipe open for as long as it lives, and the operating
 * system closes it when the parent dies by any means, SIGKILL included, which no shutdown hook
 * sees. So a killed test run or dev server never leaves an orphan broker holding its ports and its
 * log directory lock.
 *
 * <p>This class runs only in the broker's JVM (it is copied there by the devkit); it must stay
 * a single class file without nested or anonymous classes.
 */
public final class BrokerMain {

  /** How long Kafka's own shutdown hook may take once the parent is gone. */
  private static final long SHUTDOWN_GRACE_MILLIS = 30_000;

  private BrokerMain() {
  }

  public static void main(String[] args) {
    Thread watch = new Thread(BrokerMain::exitWhenParentIsGone, "parent-watch");
    watch.setDaemon(true);
    watch.start();
    kafka.Kafka.main(args);
  }

  private static void exitWhenParentIsGone() {
    try {
      while (System.in.read() >= 0) {
        // nothing is ever written; only the end of the stream matters
      }
    } catch (IOException e) {
      // a broken pipe means the same as the end of it
    }
    Thread deadline = new Thread(() -> {
      try {
        Thread.sleep(SHUTDOWN_GRACE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().halt(1);
    }, "shutdown-deadline");
    deadline.setDaemon(true);
    deadline.start();
    // runs Kafka's shutdown hook: a controlled shutdown that leaves clean logs behind
    System.exit(0);
  }
}
