package com.shopifygenie.testkit;

import com.shopifygenie.platform.EmbeddedDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;

/**
 * The PostgreSQL server tests use: SHOPIFYGENIE_DB_URL when set, otherwise one embedded server
 * per test JVM, started on first use and removed at exit. Each test class gets its own
 * databases on it through a fresh prefix.
 */
public final class TestDatabase {

  private static String url;

  private TestDatabase() {}

  public static synchronized String url() {
    if (url == null) {
      var external = System.getenv("SHOPIFYGENIE_DB_URL");
      if (external != null && !external.isBlank()) {
        url = external;
      } else {
        var dir = Path.of(System.getProperty("shopifygenie.test.dir", "target"), "pg-" + UUID.randomUUID());
        var server = EmbeddedDatabase.startThrowaway(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          server.close();
          delete(dir);
        }));
        url = server.url();
      }
    }
    return url;
  }

  /**
   * The URL of an embedded PostgreSQL another process runs in this data directory (dev mode in
   * its own JVM): the port is the fourth line of postmaster.pid, as PostgreSQL writes it.
   */
  public static String embeddedRunningIn(Path dataDir) {
    try {
      var port = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(3).trim();
      return "postgresql://postgres:postgres@127.0.0.1:" + Integer.parseInt(port);
    } catch (IOException e) {
      throw new AssertionError("no PostgreSQL runs in " + dataDir, e);
    }
  }

  /** A database prefix no other test class uses. */
  public static String freshPrefix() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";
  }

  private static void delete(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: target/ is cleaned by the build anyway
    }
  }
}
