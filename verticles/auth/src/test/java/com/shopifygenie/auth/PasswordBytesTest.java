package com.shopifygenie.auth;

import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;

import static com.shopifygenie.auth.AuthApiTest.assertValidationProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * bcrypt reads 72 bytes of a password. The contract's maxLength counts characters, so a password
 * of 44 characters can be 80 bytes: every way a password is set refuses more than 72 bytes.
 */
@ExtendWith(VertxExtension.class)
class PasswordBytesTest {

  /** 44 characters, 80 bytes of UTF-8. */
  static final String EIGHTY_BYTES = "é".repeat(36) + "A".repeat(8);
  /** 34 characters, 72 bytes of UTF-8. */
  static final String SEVENTY_TWO_BYTES = "é".repeat(32) + "ABCDEFGH";

  static TestSystem system;
  static ApiClient api;
  static Accounts accounts;

  @BeforeAll
  static void start(Vertx vertx) {
    system = TestSystem.create(vertx).deploy(AuthVerticle::new, GatewayVerticle::new);
    api = system.client();
    accounts = new Accounts(api);
    assertEquals(80, EIGHTY_BYTES.getBytes(StandardCharsets.UTF_8).length);
    assertEquals(72, SEVENTY_TWO_BYTES.getBytes(StandardCharsets.UTF_8).length);
  }

  @AfterAll
  static void stop() {
    system.stop();
  }

  static int login(String email, String password) {
    return api.post("/auth/login", new JsonObject().put("email", email).put("password", password)).status();
  }

  @Test
  void aRegistrationWithAPasswordOverSeventyTwoBytesIsRefusedAndCreatesNoAccount() {
    var email = Accounts.newEmail("long");
    var refused = api.post("/auth/register", new JsonObject().put("email", email).put("password", EIGHTY_BYTES));
    assertEquals(400, refused.status(), refused::toString);
    assertValidationProblem(refused.json(), "/password", "maxBytes");

    // neither the password nor the part bcrypt would have read logs in
    assertEquals(401, login(email, EIGHTY_BYTES));
    assertEquals(401, login(email, "é".repeat(36)));
    accounts.register(email);
  }

  @Test
  void aStaffAccountWithAPasswordOverSeventyTwoBytesIsRefused() {
    var email = Accounts.newEmail("long-staff");
    var refused = api.post("/users", new JsonObject().put("email", email).put("password", EIGHTY_BYTES),
      accounts.adminToken());
    assertEquals(400, refused.status(), refused::toString);
    assertValidationProblem(refused.json(), "/password", "maxBytes");
    assertEquals(401, login(email, "é".repeat(36)));
  }

  @Test
  void aPasswordOfExactlySeventyTwoBytesIsAcceptedAndEveryByteCounts() {
    var email = Accounts.newEmail("seventy-two");
    var registered = api.post("/auth/register", new JsonObject().put("email", email).put("password", SEVENTY_TWO_BYTES));
    assertEquals(201, registered.status(), registered::toString);

    assertEquals(200, login(email, SEVENTY_TWO_BYTES));
    var prefix = SEVENTY_TWO_BYTES.substring(0, SEVENTY_TWO_BYTES.length() - 1);
    assertEquals(71, prefix.getBytes(StandardCharsets.UTF_8).length);
    assertEquals(401, login(email, prefix));
    // a tail bcrypt would not read does not log in either
    assertEquals(401, login(email, SEVENTY_TWO_BYTES + "X"));
  }
}
