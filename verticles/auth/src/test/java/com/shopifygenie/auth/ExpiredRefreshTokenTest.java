package com.shopifygenie.auth;

import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.platform.Settings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A system whose refresh tokens live one second, so their expiry can be observed. */
@ExtendWith(VertxExtension.class)
class ExpiredRefreshTokenTest {

  static TestSystem system;
  static Accounts accounts;

  @BeforeAll
  static void start(Vertx vertx) {
    system = TestSystem.create(vertx);
    Settings.put(system.settings(), "auth.refresh_token_ttl_seconds", 1);
    system.deploy(AuthVerticle::new, GatewayVerticle::new);
    accounts = new Accounts(system.client());
  }

  @AfterAll
  static void stop() {
    system.stop();
  }

  @Test
  void anExpiredRefreshTokenIsRefusedButALoginStillWorks() throws InterruptedException {
    var customer = accounts.customer("expiring");
    // fresh, it works (and the rotated one is just as short-lived)
    var rotated = accounts.refresh(customer.refreshToken());
    assertEquals(200, rotated.status(), rotated::toString);

    Thread.sleep(1_500);
    var expired = accounts.refresh(rotated.json().getString("refresh_token"));
    assertEquals(401, expired.status(), expired::toString);
    assertEquals("The refresh token is invalid, spent or expired", expired.json().getString("detail"));

    var fresh = accounts.login(customer.email());
    assertEquals(200, accounts.refresh(fresh.getString("refresh_token")).status());
  }
}
