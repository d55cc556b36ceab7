package com.shopifygenie.auth;

import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.Reply;
import com.shopifygenie.testkit.TestSettings;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Arranges accounts through the public API, failing the test when an arranging step does not succeed. */
final class Accounts {

  static final String PASSWORD = "s3cret-pass";

  private final ApiClient api;
  private String adminToken;

  Accounts(ApiClient api) {
    this.api = api;
  }

  /** An email no other test uses; the tag shows up in failure messages. */
  static String newEmail(String tag) {
    return tag + "-" + UUID.randomUUID() + "@example.com";
  }

  /** Registers a customer and answers the user as the API returned it. */
  JsonObject register(String email) {
    var reply = api.post("/auth/register", new JsonObject().put("email", email).put("password", PASSWORD));
    assertEquals(201, reply.status(), reply::toString);
    return reply.json();
  }

  /** A token pair for the credentials. */
  JsonObject login(String email, String password) {
    var reply = api.post("/auth/login", new JsonObject().put("email", email).put("password", password));
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  JsonObject login(String email) {
    return login(email, PASSWORD);
  }

  /** A registered and logged-in customer: {user, tokens}. */
  Account customer(String tag) {
    var email = newEmail(tag);
    var user = register(email);
    return new Account(user, login(email));
  }

  /** A staff member created by the super admin and logged in. */
  Account staff(String tag) {
    var email = newEmail(tag);
    var created = api.post("/users", new JsonObject().put("email", email).put("password", PASSWORD), adminToken());
    assertEquals(201, created.status(), created::toString);
    return new Account(created.json(), login(email));
  }

  /** The super admin's access token, logged in once per test class. */
  String adminToken() {
    if (adminToken == null) {
      adminToken = login(TestSettings.ADMIN_EMAIL, TestSettings.ADMIN_PASSWORD).getString("access_token");
    }
    return adminToken;
  }

  /** The super admin's user id, as /auth/me shows it. */
  String adminId() {
    var me = api.get("/auth/me", adminToken());
    assertEquals(200, me.status(), me::toString);
    return me.json().getString("id");
  }

  Reply refresh(String refreshToken) {
    return api.post("/auth/refresh", new JsonObject().put("refresh_token", refreshToken));
  }

  Reply logout(String refreshToken) {
    return api.post("/auth/logout", new JsonObject().put("refresh_token", refreshToken));
  }

  /** A PATCH /users/{id} by the super admin. */
  Reply change(String userId, JsonObject change) {
    return api.patch("/users/" + userId, change, adminToken());
  }

  record Account(JsonObject user, JsonObject tokens) {
    String id() {
      return user.getString("id");
    }

    String email() {
      return user.getString("email");
    }

    String accessToken() {
      return tokens.getString("access_token");
    }

    String refreshToken() {
      return tokens.getString("refresh_token");
    }
  }
}
