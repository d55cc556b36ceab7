package com.shopifygenie.testkit;

import com.shopifygenie.devkit.FreePorts;
import com.shopifygenie.platform.Settings;
import com.shopifygenie.platform.SigningKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** The configuration a test system runs with: the defaults, its own databases, port and keys. */
public final class TestSettings {

  public static final String ADMIN_EMAIL = "admin@shopifygenie.dev";
  public static final String ADMIN_PASSWORD = "genie-admin-dev";

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

  /** A port free now, below the kernel's ephemeral range. */
  public static int freePort() {
    return FreePorts.pick();
  }
}
