package com.shopifygenie.auth;

import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class AuthApiTest {

  static TestSystem system;
  static ApiClient api;

  @BeforeAll
  static void start(Vertx vertx) {
    system = TestSystem.create(vertx).deploy(AuthVerticle::new, GatewayVerticle::new);
    api = system.client();
  }

  @AfterAll
  static void stop() {
    system.stop();
  }

  static String newEmail() {
    return "c-" + UUID.randomUUID() + "@example.com";
  }

  static JsonObject login(String email, String password) {
    var reply = api.post("/auth/login", new JsonObject().put("email", email).put("password", password));
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  @Test
  void aCustomerRegistersLogsInAndSeesItself() {
    var email = newEmail();
    var registered = api.post("/auth/register", new JsonObject().put("email", email).put("password", "s3cret-pass"));
    assertEquals(201, registered.status(), registered::toString);
    assertEquals("customer", registered.json().getString("role"));
    assertEquals("/users/" + registered.json().getString("id"), registered.header("Location"));

    var tokens = login(email, "s3cret-pass");
    assertEquals("Bearer", tokens.getString("token_type"));
    assertEquals(900, tokens.getInteger("expires_in"));

    var me = api.get("/auth/me", tokens.getString("access_token"));
    assertEquals(200, me.status(), me::toString);
    assertEquals(email, me.json().getString("email"));
    assertEquals(registered.json().getString("id"), me.json().getString("id"));
  }

  @Test
  void refreshTokenReuseRevokesTheFamily() {
    var email = newEmail();
    api.post("/auth/register", new JsonObject().put("email", email).put("password", "s3cret-pass"));
    var first = login(email, "s3cret-pass");

    var second = api.post("/auth/refresh", new JsonObject().put("refresh_token", first.getString("refresh_token")));
    assertEquals(200, second.status(), second::toString);
    assertNotEquals(first.getString("refresh_token"), second.json().getString("refresh_token"));

    // the spent token comes back: someone copied it
    var replay = api.post("/auth/refresh", new JsonObject().put("refresh_token", first.getString("refresh_token")));
    assertEquals(401, replay.status());
    // ...so the legitimate newest token of the family is dead too
    var newest = api.post("/auth/refresh", new JsonObject().put("refresh_token", second.json().getString("refresh_token")));
    assertEquals(401, newest.status());
    // another login starts a new family that works
    var fresh = login(email, "s3cret-pass");
    assertEquals(200, api.post("/auth/refresh", new JsonObject().put("refresh_token", fresh.getString("refresh_token"))).status());
  }

  @Test
  void theSuperAdminExistsAfterTheFirstStart() {
    var tokens = login(TestSettings.ADMIN_EMAIL, TestSettings.ADMIN_PASSWORD);
    var me = api.get("/auth/me", tokens.getString("access_token"));
    assertEquals("super_admin", me.json().getString("role"));
    assertNotNull(me.json().getString("created_at"));
    assertTrue(api.get("/.well-known/jwks.json").json().getJsonArray("keys").size() == 1);
  }
}
