package com.shopifygenie.testkit;

import com.shopifygenie.platform.Settings;
import com.shopifygenie.platform.SigningKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** The configuration a test system runs with: the defaults, its own databases, port and keys. */
public final class TestSettings {

  public static final String ADMIN_EMAIL = "admin@shopifygenie.dev";
  public static final String ADMIN_PASSWORD = "genie-admin-dev";
  /** Where {@link #freePort} looks: below Linux's ephemeral range. */
  private static final int FIRST_PORT = 20_000;
  private static final int PORTS = 12_000;
  private static final AtomicInteger nextPort =
    new AtomicInteger((int) Math.floorMod(ProcessHandle.current().pid() * 1_009L, PORTS));

  private TestSettings() {}

  public static JsonObject create(Vertx vertx) {
    var config = Settings.load(vertx, null, Map.of()).await();
    var dataDir = Path.of(System.getProperty("shopifygenie.test.dir", "target"), "data-" + UUID.randomUUID());
    Settings.put(config, "http.port", freePort());
    Settings.put(config, "http.host", "127.0.0.1");
    Settings.put(config, "db.url", TestDatabase.url());
    Settings.put(config, "db.prefix", TestDatabase.freshPrefix());
    Settings.put(config, "db.pool_size", 4);
    Settings.put(config, "data_dir", dataDir.toString());
    Settings.put(config, "admin.email", ADMIN_EMAIL);
    Settings.put(config, "admin.password", ADMIN_PASSWORD);
    // the lowest cost the domain accepts: tests hash a lot of passwords
    Settings.put(config, "auth.bcrypt_cost", 10);
    Settings.put(config, "rate_limit.per_minute", 1_000_000);
    Settings.put(config, "rate_limit.auth_per_minute", 1_000_000);
    return SigningKeys.prepare(config);
  }

  /**
   * A port free now, below the kernel's ephemeral range (32768 up on Linux): one picked from that
   * range was at times taken by an outgoing connection (a pool's, a broker's) before the server
   * bound it. Each test JVM starts at its own place, so parallel forks seldom try the same ones.
   */
  public static int freePort() {
    for (int tried = 0; tried < PORTS; tried++) {
      var port = FIRST_PORT + Math.floorMod(nextPort.getAndIncrement(), PORTS);
      try (var socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(port));
        return port;
      } catch (IOException taken) {
        // another process has it: the next one
      }
    }
    throw new UncheckedIOException(new IOException("no free port in " + FIRST_PORT + "-" + (FIRST_PORT + PORTS - 1)));
  }
}
