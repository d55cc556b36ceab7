package com.shopifygenie.launcher;

import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.TestDatabase;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first super admin of a shop: `run` never creates it with a password anyone could know,
 * and needs no password once it exists; dev mode keeps its convenience.
 */
class FirstSuperAdminTest {

  static final String EMAIL = "admin@shopifygenie.dev";
  /** The one in the README: anyone can read it. */
  static final String DEV_PASSWORD = "genie-admin-dev";
  static final String CHOSEN = "chosen-admin-pass-" + UUID.randomUUID();

  /** The settings of a new shop: fresh databases on the test server, its own port and data dir. */
  static Map<String, String> newShop() {
    var environment = new HashMap<String, String>();
    environment.put("SHOPIFYGENIE_DB_URL", TestDatabase.url());
    environment.put("SHOPIFYGENIE_DB_PREFIX", TestDatabase.freshPrefix());
    environment.put("SHOPIFYGENIE_HTTP_PORT", String.valueOf(TestSettings.freePort()));
    environment.put("SHOPIFYGENIE_DATA_DIR",
      Path.of(System.getProperty("shopifygenie.test.dir", "target"), "data-" + UUID.randomUUID()).toString());
    return environment;
  }

  /** A --config file with the lowest bcrypt cost auth accepts: these tests start many nodes. */
  static String cheapHashes() {
    try {
      var file = Path.of(System.getProperty("shopifygenie.test.dir", "target"), "bcrypt-cost-10.yaml");
      Files.createDirectories(file.getParent());
      Files.writeString(file, "auth:\n  bcrypt_cost: 10\n");
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> with(Map<String, String> environment, String variable, String value) {
    var changed = new HashMap<>(environment);
    changed.put(variable, value);
    return changed;
  }

  /** Starts auth and the gateway on the shop, answers the status of a login, stops. */
  static int loginStatus(Map<String, String> environment, boolean dev, String password) {
    var node = new Node(Vertx.vertx()).start(cheapHashes(), environment, List.of("auth", "gateway"), dev).await();
    var client = Vertx.vertx();
    try {
      var api = new ApiClient(client, Integer.parseInt(environment.get("SHOPIFYGENIE_HTTP_PORT")), TestSystem.CONTRACTS);
      return api.post("/auth/login", new JsonObject().put("email", EMAIL).put("password", password)).status();
    } finally {
      client.close().await();
      node.stop().await();
    }
  }

  @Test
  void runRefusesToStartWhenItWouldCreateTheFirstSuperAdminWithoutAPassword() {
    var shop = newShop();
    var refused = MainTest.run(shop, "run", "--verticles", "auth,gateway", "--config", cheapHashes());
    assertEquals(2, refused.code(), refused::toString);
    assertEquals(1, refused.err().strip().lines().count(), refused.err());
    assertTrue(refused.err().startsWith("shopifygenie: no super admin exists yet: set SHOPIFYGENIE_ADMIN_PASSWORD"),
      refused.err());

    // nothing was created with a default password: the first start with one creates the admin with it
    assertEquals(401, loginStatus(with(shop, "SHOPIFYGENIE_ADMIN_PASSWORD", CHOSEN), false, DEV_PASSWORD));
    assertEquals(200, loginStatus(shop, false, CHOSEN));
  }

  @Test
  void runNeedsNoPasswordOnceASuperAdminExists() {
    var shop = newShop();
    assertEquals(200, loginStatus(with(shop, "SHOPIFYGENIE_ADMIN_PASSWORD", CHOSEN), false, CHOSEN));
    assertEquals(200, loginStatus(shop, false, CHOSEN));
  }

  @Test
  void devModeCreatesTheFirstSuperAdminWithTheDevPassword() {
    assertEquals(200, loginStatus(newShop(), true, DEV_PASSWORD));
  }

  @Test
  void devModeUsesAGivenPasswordInstead() {
    var shop = with(newShop(), "SHOPIFYGENIE_ADMIN_PASSWORD", CHOSEN);
    assertEquals(401, loginStatus(shop, true, DEV_PASSWORD));
    assertEquals(200, loginStatus(shop, true, CHOSEN));
  }
}
