package com.shopifygenie.platform;

import java.nio.file.Path;
import java.util.UUID;

/** One embedded PostgreSQL for this module's tests (the testkit depends on platform, not the reverse). */
final class TestServer {

  private static EmbeddedDatabase server;

  private TestServer() {}

  static synchronized String url() {
    var external = System.getenv("SHOPIFYGENIE_DB_URL");
    if (external != null && !external.isBlank()) {
      return external;
    }
    if (server == null) {
      server = EmbeddedDatabase.start(Path.of(System.getProperty("shopifygenie.test.dir", "target"), "pg-" + UUID.randomUUID()));
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    }
    return server.url();
  }

  static String freshPrefix() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";
  }
}
