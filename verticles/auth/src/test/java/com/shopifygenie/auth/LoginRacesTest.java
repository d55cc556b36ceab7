package com.shopifygenie.auth;

import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.Reply;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A login reads its user, spends a bcrypt check on it, then issues tokens: a disabling or a role
 * change may commit in between. The races are made to happen in one order, without hooks in the
 * code: the test holds the user's row as updateUser does, lets the requests queue behind it in
 * the order wanted (PostgreSQL grants a row's waiters in turn), and lets go.
 */
@ExtendWith(VertxExtension.class)
class LoginRacesTest {

  static TestSystem system;
  static ApiClient api;
  static Accounts accounts;
  static Pool database;

  @BeforeAll
  static void start(Vertx vertx) {
    system = TestSystem.create(vertx).deploy(AuthVerticle::new, GatewayVerticle::new);
    api = system.client();
    accounts = new Accounts(api);
    var db = system.settings().getJsonObject("db");
    database = PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(2))
      .connectingTo(PgConnectOptions.fromUri(db.getString("url")).setDatabase(db.getString("prefix") + "auth"))
      .using(vertx)
      .build();
  }

  @AfterAll
  static void stop() {
    if (database != null) {
      database.close().await();
    }
    system.stop();
  }

  @Test
  void aLoginPastItsPasswordCheckWhenTheUserIsDisabledIsRefusedAndLeavesNoToken() {
    var email = Accounts.newEmail("login-disable-race");
    var id = accounts.register(email).getString("id");

    var held = hold(id);
    var disable = patch(id, new JsonObject().put("status", "disabled"));
    awaitWaiters(1, disable);
    var login = login(email);
    awaitWaiters(2, login);
    release(held);

    assertEquals(200, disable.await().status(), disable.result()::toString);
    var refused = login.await();
    assertEquals(401, refused.status(), () -> "the login outlived the disabling: " + refused);
    assertEquals("The email or password is wrong", refused.json().getString("detail"));
    assertEquals(0, activeRefreshTokensOf(id));
  }

  @Test
  void aLoginPastItsPasswordCheckWhenTheRoleChangesCarriesTheNewRole() {
    var staff = accounts.staff("login-role-race");

    var held = hold(staff.id());
    var demote = patch(staff.id(), new JsonObject().put("role", "customer"));
    awaitWaiters(1, demote);
    var login = login(staff.email());
    awaitWaiters(2, login);
    release(held);

    assertEquals(200, demote.await().status(), demote.result()::toString);
    var tokens = login.await();
    assertEquals(200, tokens.status(), tokens::toString);
    assertEquals("customer", roleIn(tokens.json().getString("access_token")));
    var me = api.get("/auth/me", tokens.json().getString("access_token"));
    assertEquals("customer", me.json().getString("role"));
  }

  @Test
  void aDisablingAfterALoginHeldTheUserRevokesTheTokenItIssued() {
    var email = Accounts.newEmail("login-then-disable");
    var id = accounts.register(email).getString("id");

    var held = hold(id);
    var login = login(email);
    awaitWaiters(1, login);
    var disable = patch(id, new JsonObject().put("status", "disabled"));
    awaitWaiters(2, disable);
    release(held);

    var issued = login.await();
    assertEquals(200, disable.await().status(), disable.result()::toString);
    if (issued.status() == 200) {
      var refreshed = accounts.refresh(issued.json().getString("refresh_token"));
      assertEquals(401, refreshed.status(), () -> "a refresh token outlived the disabling: " + refreshed);
    } else {
      assertEquals(401, issued.status(), issued::toString);
    }
    assertEquals(0, activeRefreshTokensOf(id));
  }

  @Test
  void aReusedTokenRacingTheRotationOfItsSuccessorRevokesWhatThatRotationIssued() {
    for (int round = 0; round < 5; round++) {
      var email = Accounts.newEmail("reuse-race");
      var id = accounts.register(email).getString("id");
      var first = login(email).await().json().getString("refresh_token");
      var second = accounts.refresh(first).json().getString("refresh_token");

      // the owner rotates the live token while a thief replays the spent one, at once
      var held = hold(id);
      var rotation = refresh(second);
      awaitWaiters(1, rotation);
      var reuse = refresh(first);
      awaitWaiters(2, reuse);
      release(held);

      assertEquals(401, reuse.await().status(), reuse.result()::toString);
      var rotated = rotation.await();
      if (rotated.status() == 200) {
        var third = accounts.refresh(rotated.json().getString("refresh_token"));
        assertEquals(401, third.status(), () -> "the family outlived the reuse of its spent token: " + third);
      }
      assertEquals(0, activeRefreshTokensOf(id));
    }
  }

  /** A transaction locking the user's row as updateUser does, until {@link #release}. */
  private static SqlConnection hold(String userId) {
    var connection = database.getConnection().await();
    connection.begin().await();
    connection.preparedQuery("SELECT id FROM users WHERE id = $1 FOR UPDATE").execute(Tuple.of(UUID.fromString(userId)))
      .await();
    return connection;
  }

  private static void release(SqlConnection held) {
    held.transaction().commit().await();
    held.close().await();
  }

  private static Future<Reply> patch(String userId, JsonObject change) {
    return api.sendAsync(HttpMethod.PATCH, "/users/" + userId, change.toBuffer(), "application/json",
      Map.of("Authorization", "Bearer " + accounts.adminToken()));
  }

  private static Future<Reply> refresh(String token) {
    return api.sendAsync(HttpMethod.POST, "/auth/refresh", new JsonObject().put("refresh_token", token).toBuffer(),
      "application/json", Map.of());
  }

  private static Future<Reply> login(String email) {
    var credentials = new JsonObject().put("email", email).put("password", Accounts.PASSWORD);
    return api.sendAsync(HttpMethod.POST, "/auth/login", credentials.toBuffer(), "application/json", Map.of());
  }

  /**
   * Waits until this many sessions of the auth database wait for a lock, or the request answered
   * (a request that does not wait for the user's row gets past the held lock: the test then fails
   * on its answer).
   */
  private static void awaitWaiters(int count, Future<Reply> request) {
    var deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (request.isComplete()) {
        return;
      }
      var waiting = database.query("SELECT count(*) AS n FROM pg_stat_activity "
          + "WHERE datname = current_database() AND wait_event_type = 'Lock'")
        .execute().await().iterator().next().getLong("n");
      if (waiting >= count) {
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail(e);
      }
    }
    fail("no " + count + " session(s) waited for the user's row within 10 s");
  }

  private static long activeRefreshTokensOf(String userId) {
    return database.preparedQuery("SELECT count(*) AS n FROM refresh_tokens WHERE user_id = $1 AND status = 'active'")
      .execute(Tuple.of(UUID.fromString(userId))).await().iterator().next().getLong("n");
  }

  private static String roleIn(String accessToken) {
    var payload = accessToken.split("\\.")[1];
    return new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)).getString("role");
  }
}
