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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@ExtendWith(VertxExtension.class)
class RefreshTokenTest {

  private static final JsonObject BAD_REFRESH = new JsonObject()
    .put("type", "https://shopifygenie.dev/problems/unauthorized").put("title", "Unauthorized").put("status", 401)
    .put("detail", "The refresh token is invalid, spent or expired");

  static TestSystem system;
  static ApiClient api;
  static Accounts accounts;

  @BeforeAll
  static void start(Vertx vertx) {
    system = TestSystem.create(vertx).deploy(AuthVerticle::new, GatewayVerticle::new);
    api = system.client();
    accounts = new Accounts(api);
  }

  @AfterAll
  static void stop() {
    system.stop();
  }

  @Test
  void aRefreshTokenWorksExactlyOnce() {
    var customer = accounts.customer("once");

    var rotated = accounts.refresh(customer.refreshToken());
    assertEquals(200, rotated.status(), rotated::toString);
    assertEquals("Bearer", rotated.json().getString("token_type"));
    assertEquals(900, rotated.json().getInteger("expires_in"));
    assertNotEquals(customer.refreshToken(), rotated.json().getString("refresh_token"));
    assertNotEquals(customer.accessToken(), rotated.json().getString("access_token"));
    // the new access token speaks for the same user
    var me = api.get("/auth/me", rotated.json().getString("access_token"));
    assertEquals(customer.user(), me.json());

    var again = accounts.refresh(customer.refreshToken());
    assertEquals(401, again.status(), again::toString);
    assertEquals(BAD_REFRESH, again.json());
    assertEquals("Bearer", again.header("WWW-Authenticate"));
  }

  @Test
  void aChainOfRotationsKeepsWorkingWhileEachTokenIsUsedOnce() {
    var customer = accounts.customer("chain");
    var token = customer.refreshToken();
    for (int i = 0; i < 4; i++) {
      var next = accounts.refresh(token);
      assertEquals(200, next.status(), next::toString);
      token = next.json().getString("refresh_token");
    }
    assertEquals(200, api.get("/auth/me", customer.accessToken()).status());
    assertEquals(200, accounts.refresh(token).status());
  }

  @Test
  void reuseRevokesOnlyTheFamilyOfTheReusedToken() {
    var email = Accounts.newEmail("devices");
    accounts.register(email);
    var phone = accounts.login(email);
    var laptop = accounts.login(email);

    var phoneNext = accounts.refresh(phone.getString("refresh_token"));
    assertEquals(200, phoneNext.status(), phoneNext::toString);
    assertEquals(401, accounts.refresh(phone.getString("refresh_token")).status());
    assertEquals(401, accounts.refresh(phoneNext.json().getString("refresh_token")).status());

    // the laptop logged in separately: its family is untouched
    var laptopNext = accounts.refresh(laptop.getString("refresh_token"));
    assertEquals(200, laptopNext.status(), laptopNext::toString);
  }

  @Test
  void anUnknownRefreshTokenIsRefused() {
    var reply = accounts.refresh("x".repeat(43));
    assertEquals(401, reply.status(), reply::toString);
    assertEquals(BAD_REFRESH, reply.json());
  }

  @Test
  void aMalformedRefreshRequestNamesTheField() {
    var tooShort = accounts.refresh("short");
    assertEquals(400, tooShort.status(), tooShort::toString);
    AuthApiTest.assertValidationProblem(tooShort.json(), "/refresh_token", "minLength");

    var missing = api.post("/auth/refresh", new JsonObject());
    assertEquals(400, missing.status(), missing::toString);
    AuthApiTest.assertValidationProblem(missing.json(), "/refresh_token", "required");
  }

  @Test
  void logoutRevokesTheWholeFamily() {
    var customer = accounts.customer("logout");
    var rotated = accounts.refresh(customer.refreshToken());
    assertEquals(200, rotated.status(), rotated::toString);
    var newest = rotated.json().getString("refresh_token");

    var out = accounts.logout(newest);
    assertEquals(204, out.status(), out::toString);
    assertEquals("", out.text());

    var afterLogout = accounts.refresh(newest);
    assertEquals(401, afterLogout.status(), afterLogout::toString);
    assertEquals(BAD_REFRESH, afterLogout.json());
  }

  @Test
  void logoutAnswers204WhateverTheToken() {
    var customer = accounts.customer("logout-twice");
    assertEquals(204, accounts.logout(customer.refreshToken()).status());
    assertEquals(204, accounts.logout(customer.refreshToken()).status());
    // neither a token nobody issued nor an already-dead one is revealed as such
    assertEquals(204, accounts.logout("y".repeat(43)).status());
    assertEquals(401, accounts.refresh(customer.refreshToken()).status());
  }

  @Test
  void loggingOutWithAnOlderTokenOfTheFamilyRevokesTheNewest() {
    var customer = accounts.customer("logout-old");
    var rotated = accounts.refresh(customer.refreshToken());
    assertEquals(200, rotated.status(), rotated::toString);

    assertEquals(204, accounts.logout(customer.refreshToken()).status());
    assertEquals(401, accounts.refresh(rotated.json().getString("refresh_token")).status());
  }

  @Test
  void loggingOutOneSessionLeavesAnotherLoginWorking() {
    var email = Accounts.newEmail("sessions");
    accounts.register(email);
    var first = accounts.login(email);
    var second = accounts.login(email);

    assertEquals(204, accounts.logout(first.getString("refresh_token")).status());
    assertEquals(401, accounts.refresh(first.getString("refresh_token")).status());
    assertEquals(200, accounts.refresh(second.getString("refresh_token")).status());
  }

  @Test
  void twoConcurrentRefreshesWithOneTokenYieldOnePairAndThenRevokeTheFamily() {
    // several rounds, so the two requests really overlap in the database at least once
    for (int round = 0; round < 5; round++) {
      var customer = accounts.customer("race" + round);
      var body = new JsonObject().put("refresh_token", customer.refreshToken()).toBuffer();
      var first = api.sendAsync(HttpMethod.POST, "/auth/refresh", body, "application/json", Map.of());
      var second = api.sendAsync(HttpMethod.POST, "/auth/refresh", body, "application/json", Map.of());
      Future.all(first, second).await();

      List<Reply> replies = List.of(first.result(), second.result());
      var statuses = replies.stream().map(Reply::status).sorted().toList();
      var currentRound = round;
      assertEquals(List.of(200, 401), statuses, () -> "round " + currentRound + ": " + replies);
      var winner = replies.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
      var loser = replies.stream().filter(r -> r.status() == 401).findFirst().orElseThrow();
      assertEquals(BAD_REFRESH, loser.json());

      // the loser looked like a replay of a stolen token, so the winner's new token is dead too
      var afterRace = accounts.refresh(winner.json().getString("refresh_token"));
      assertEquals(401, afterRace.status(), () -> "round " + currentRound + ": " + afterRace);
    }
  }
  @Test
  void aLogoutRacingARefreshOfTheSameTokenLeavesNoTokenOfTheFamilyWorking() {
    for (int round = 0; round < 10; round++) {
      var customer = accounts.customer("logout-race" + round);
      var body = new JsonObject().put("refresh_token", customer.refreshToken()).toBuffer();
      var refresh = api.sendAsync(HttpMethod.POST, "/auth/refresh", body, "application/json", Map.of());
      var logout = api.sendAsync(HttpMethod.POST, "/auth/logout", body, "application/json", Map.of());
      Future.all(refresh, logout).await();

      var currentRound = round;
      assertEquals(204, logout.result().status(), () -> "round " + currentRound + ": " + logout.result());
      assertNothingOutlived(refresh.result(), round, "the logout");
    }
  }

  @Test
  void disablingAUserWhileItRefreshesAnswersBothWithoutAServerError() {
    for (int round = 0; round < 10; round++) {
      var customer = accounts.customer("disable-race" + round);
      var body = new JsonObject().put("refresh_token", customer.refreshToken()).toBuffer();
      var disabled = new JsonObject().put("status", "disabled").toBuffer();
      var disable = api.sendAsync(HttpMethod.PATCH, "/users/" + customer.id(), disabled, "application/json",
        Map.of("Authorization", "Bearer " + accounts.adminToken()));
      var refresh = api.sendAsync(HttpMethod.POST, "/auth/refresh", body, "application/json", Map.of());
      Future.all(disable, refresh).await();

      var currentRound = round;
      assertEquals(200, disable.result().status(), () -> "round " + currentRound + ": " + disable.result());
      assertNothingOutlived(refresh.result(), round, "the disabling");
    }
  }

  /** A refresh that lost the race was refused; one that won issued a token the other request then revoked. */
  private static void assertNothingOutlived(Reply refresh, int round, String other) {
    if (refresh.status() == 200) {
      var issued = accounts.refresh(refresh.json().getString("refresh_token"));
      assertEquals(401, issued.status(), () -> "round " + round + ": a token outlived " + other + ": " + issued);
    } else {
      assertEquals(401, refresh.status(), () -> "round " + round + ": " + refresh);
    }
  }
}
