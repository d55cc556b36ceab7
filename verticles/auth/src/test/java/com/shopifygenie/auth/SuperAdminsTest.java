package com.shopifygenie.auth;

import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.platform.AccessTokens;
import com.shopifygenie.platform.Role;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.Reply;
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
import java.util.UUID;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A shop never ends up without an active super admin. Each test has a system of its own. */
@ExtendWith(VertxExtension.class)
class SuperAdminsTest {

  static final int ROUNDS = 20;

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

  /** A new super admin, created by the one whose token is given, and logged in. */
  Accounts.Account superAdmin(String creatorToken) {
    var email = Accounts.newEmail("root");
    var created = api.post("/users", new JsonObject().put("email", email).put("password", Accounts.PASSWORD)
      .put("role", "super_admin"), creatorToken);
    assertEquals(201, created.status(), created::toString);
    return new Accounts.Account(created.json(), accounts.login(email));
  }

  /** A token saying super_admin of the token version one change of the user's role started. */
  String staleSuperAdminToken(Vertx vertx, String userId) {
    return AccessTokens.load(vertx, system.settings(), true).await().issue(UUID.fromString(userId), Role.SUPER_ADMIN, 1);
  }

  long activeSuperAdmins(String token) {
    var page = api.get("/users?role=super_admin&status=active&limit=100", token);
    assertEquals(200, page.status(), page::toString);
    return page.json().getJsonArray("items").size();
  }

  Future<Reply> demote(String userId, String token) {
    return api.sendAsync(HttpMethod.PATCH, "/users/" + userId, new JsonObject().put("role", "staff").toBuffer(),
      "application/json", Map.of("Authorization", "Bearer " + token));
  }

  @Test
  void aDemotedSuperAdminsTokenNeitherCreatesNorChangesUsers(Vertx vertx) {
    start(vertx);
    var root = accounts.adminToken();
    var fallen = superAdmin(root);
    assertEquals(200, api.patch("/users/" + fallen.id(), new JsonObject().put("role", "staff"), root).status());
    // the gateway refuses its token once it heard of the demotion; one that says super_admin and got
    // past a gateway that had not heard yet (of the version the demotion started) meets the account
    eventually(() -> api.get("/users", fallen.accessToken()).status() == 401);
    var stale = staleSuperAdminToken(vertx, fallen.id());
    var accomplice = api.post("/users", new JsonObject().put("email", Accounts.newEmail("accomplice"))
      .put("password", Accounts.PASSWORD).put("role", "super_admin"), stale);
    assertEquals(403, accomplice.status(), accomplice::toString);
    var staff = api.post("/users", new JsonObject().put("email", Accounts.newEmail("staffer"))
      .put("password", Accounts.PASSWORD).put("role", "staff"), root);
    assertEquals(201, staff.status(), staff::toString);
    var promote = api.patch("/users/" + staff.json().getString("id"), new JsonObject().put("role", "super_admin"),
      stale);
    assertEquals(403, promote.status(), promote::toString);
    assertEquals("staff", api.get("/users/" + fallen.id(), root).json().getString("role"));
    assertEquals(1, activeSuperAdmins(root));
  }

  @Test
  void aStaleTokenCannotDemoteTheLastActiveSuperAdmin(Vertx vertx) {
    start(vertx);
    var first = accounts.adminToken();
    var firstId = accounts.adminId();
    var second = superAdmin(first);
    var demoted = api.patch("/users/" + firstId, new JsonObject().put("role", "staff"),
      second.tokens().getString("access_token"));
    assertEquals(200, demoted.status(), demoted::toString);
    // a token of the first admin that still says super_admin, taken by a gateway that had not heard
    var refused = api.patch("/users/" + second.id(), new JsonObject().put("status", "disabled"),
      staleSuperAdminToken(vertx, firstId));
    assertEquals(403, refused.status(), refused::toString);
    assertEquals("https://shopifygenie.dev/problems/forbidden", refused.json().getString("type"));
    assertEquals("super_admin", api.get("/users/" + second.id(), second.accessToken()).json().getString("role"));
  }

  @Test
  void twoSuperAdminsDemotingEachOtherAtOnceAlwaysLeaveOne(Vertx vertx) {
    start(vertx);
    var survivor = accounts.adminToken();
    var survivorId = accounts.adminId();
    // a race is won or lost by timing: run it many times, the invariant must hold after each
    for (int round = 1; round <= ROUNDS; round++) {
      var rival = superAdmin(survivor);
      var answers = Future.all(demote(rival.id(), survivor), demote(survivorId, rival.accessToken())).await();
      Reply byTheSurvivor = answers.resultAt(0);
      Reply byTheRival = answers.resultAt(1);
      var statuses = List.of(byTheSurvivor.status(), byTheRival.status());
      var where = "round " + round + ": " + statuses;
      // the loser is no longer a super admin by the time its change runs
      assertEquals(List.of(200, 403), statuses.stream().sorted().toList(), where);
      if (byTheRival.status() == 200) {
        survivor = rival.accessToken();
        survivorId = rival.id();
      }
      assertEquals(1, activeSuperAdmins(survivor), where);
      assertEquals("super_admin", api.get("/users/" + survivorId, survivor).json().getString("role"), where);
    }
  }
}
