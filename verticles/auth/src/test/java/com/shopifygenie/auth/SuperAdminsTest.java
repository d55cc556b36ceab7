package com.shopifygenie.auth;

import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A shop never ends up without an active super admin. Each test has a system of its own. */
@ExtendWith(VertxExtension.class)
class SuperAdminsTest {

  TestSystem system;
  ApiClient api;
  Accounts accounts;

  void start(Vertx vertx) {
    system = TestSystem.create(vertx).deploy(AuthVerticle::new, GatewayVerticle::new);
    api = system.client();
    accounts = new Accounts(api);
  }

  @AfterEach
  void stop() {
    system.stop();
  }

  Accounts.Account superAdmin() {
    var email = Accounts.newEmail("root");
    var created = api.post("/users", new JsonObject().put("email", email).put("password", Accounts.PASSWORD)
      .put("role", "super_admin"), accounts.adminToken());
    assertEquals(201, created.status(), created::toString);
    return new Accounts.Account(created.json(), accounts.login(email));
  }

  long activeSuperAdmins() {
    return api.get("/users?role=super_admin&status=active", accounts.adminToken()).json().getJsonArray("items").size();
  }

  @Test
  void aStaleTokenCannotDemoteTheLastActiveSuperAdmin(Vertx vertx) {
    start(vertx);
    var first = accounts.adminToken();
    var firstId = accounts.adminId();
    var second = superAdmin();
    var demoted = api.patch("/users/" + firstId, new JsonObject().put("role", "staff"),
      second.tokens().getString("access_token"));
    assertEquals(200, demoted.status(), demoted::toString);
    // the first admin's access token still says super_admin until it expires
    var refused = api.patch("/users/" + second.id(), new JsonObject().put("status", "disabled"), first);
    assertEquals(409, refused.status(), refused::toString);
    assertEquals("This is the last active super admin", refused.json().getString("detail"));
    assertEquals("super_admin", api.get("/users/" + second.id(), first).json().getString("role"));
  }

  @Test
  void twoSuperAdminsDemotingEachOtherAtOnceLeaveOne(Vertx vertx) {
    start(vertx);
    var first = accounts.adminToken();
    var firstId = accounts.adminId();
    var second = superAdmin();
    var demote = new JsonObject().put("role", "staff").toBuffer();
    var answers = Future.all(
      api.sendAsync(HttpMethod.PATCH, "/users/" + second.id(), demote, "application/json", Map.of("Authorization", "Bearer " + first)),
      api.sendAsync(HttpMethod.PATCH, "/users/" + firstId, demote, "application/json",
        Map.of("Authorization", "Bearer " + second.tokens().getString("access_token")))).await();
    var statuses = List.of(answers.<com.shopifygenie.testkit.Reply>resultAt(0).status(),
      answers.<com.shopifygenie.testkit.Reply>resultAt(1).status());
    assertEquals(List.of(200, 409), statuses.stream().sorted().toList(), statuses::toString);
    assertEquals(1, activeSuperAdmins());
  }
}
