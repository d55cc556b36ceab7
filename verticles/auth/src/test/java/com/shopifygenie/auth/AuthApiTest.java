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

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class AuthApiTest {

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

  // --- registration ---

  @Test
  void aRegistrationNamingARoleIsRejectedAndCreatesNoAccount() {
    var email = newEmail();
    var reply = api.post("/auth/register", new JsonObject().put("email", email).put("password", "s3cret-pass")
      .put("role", "super_admin"));
    assertEquals(400, reply.status(), reply::toString);
    assertValidationProblem(reply.json(), "/role", "additionalProperties");
    // nothing was created, not even a customer
    assertEquals(401, api.post("/auth/login", new JsonObject().put("email", email).put("password", "s3cret-pass")).status());
    assertEquals(201, api.post("/auth/register", new JsonObject().put("email", email).put("password", "s3cret-pass")).status());
  }

  @Test
  void aTakenEmailIsAConflictEvenInAnotherCase() {
    var email = newEmail();
    accounts.register(email);

    var same = api.post("/auth/register", new JsonObject().put("email", email).put("password", "other-pass-1"));
    assertEquals(409, same.status(), same::toString);
    assertEquals("https://shopifygenie.dev/problems/conflict", same.json().getString("type"));
    assertEquals("Conflict", same.json().getString("title"));
    assertEquals("A user with email " + email + " already exists", same.json().getString("detail"));

    var shouted = api.post("/auth/register", new JsonObject().put("email", email.toUpperCase()).put("password", "other-pass-1"));
    assertEquals(409, shouted.status(), shouted::toString);
    assertEquals("A user with email " + email + " already exists", shouted.json().getString("detail"));

    // the first registration's password is still the one that works
    accounts.login(email);
    assertEquals(401, api.post("/auth/login", new JsonObject().put("email", email).put("password", "other-pass-1")).status());
  }

  @Test
  void emailsAreStoredLowerCaseAndLoginIgnoresCase() {
    var mixed = "Mixed.Case-" + UUID.randomUUID() + "@Example.COM";
    var lower = mixed.toLowerCase();
    var registered = accounts.register(mixed);
    assertEquals(lower, registered.getString("email"));
    assertEquals("customer", registered.getString("role"));
    assertEquals("active", registered.getString("status"));

    var viaLower = accounts.login(lower);
    var viaMixed = accounts.login(mixed);
    assertEquals(lower, api.get("/auth/me", viaLower.getString("access_token")).json().getString("email"));
    assertEquals(registered, api.get("/auth/me", viaMixed.getString("access_token")).json());

    var listed = api.get("/users?email=" + lower, accounts.adminToken());
    assertEquals(200, listed.status(), listed::toString);
    assertEquals(1, listed.json().getJsonArray("items").size());
    assertEquals(registered, listed.json().getJsonArray("items").getJsonObject(0));
  }

  @Test
  void aPasswordShorterThanEightCharactersIsRejected() {
    var email = newEmail();
    var weak = api.post("/auth/register", new JsonObject().put("email", email).put("password", "seven77"));
    assertEquals(400, weak.status(), weak::toString);
    assertValidationProblem(weak.json(), "/password", "minLength");
    assertEquals(401, api.post("/auth/login", new JsonObject().put("email", email).put("password", "seven77")).status());

    // eight characters are enough
    var eight = api.post("/auth/register", new JsonObject().put("email", email).put("password", "eight888"));
    assertEquals(201, eight.status(), eight::toString);
    accounts.login(email, "eight888");
  }

  @Test
  void aPasswordLongerThanBcryptReadsIsRejected() {
    var email = newEmail();
    var tooLong = api.post("/auth/register", new JsonObject().put("email", email).put("password", "p".repeat(73)));
    assertEquals(400, tooLong.status(), tooLong::toString);
    assertValidationProblem(tooLong.json(), "/password", "maxLength");

    var longest = api.post("/auth/register", new JsonObject().put("email", email).put("password", "p".repeat(72)));
    assertEquals(201, longest.status(), longest::toString);
    accounts.login(email, "p".repeat(72));
  }

  @Test
  void aRegistrationWithoutAnEmailNamesTheMissingField() {
    var reply = api.post("/auth/register", new JsonObject().put("password", "s3cret-pass"));
    assertEquals(400, reply.status(), reply::toString);
    assertValidationProblem(reply.json(), "/email", "required");
  }

  // --- login ---

  @Test
  void aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() {
    var email = newEmail();
    accounts.register(email);

    var wrongPassword = api.post("/auth/login", new JsonObject().put("email", email).put("password", "not-the-pass"));
    var unknownEmail = api.post("/auth/login", new JsonObject().put("email", newEmail()).put("password", "s3cret-pass"));

    assertEquals(401, wrongPassword.status(), wrongPassword::toString);
    assertEquals(401, unknownEmail.status(), unknownEmail::toString);
    var expected = new JsonObject().put("type", "https://shopifygenie.dev/problems/unauthorized")
      .put("title", "Unauthorized").put("status", 401).put("detail", "The email or password is wrong");
    assertEquals(expected, wrongPassword.json());
    assertEquals(expected, unknownEmail.json());
    assertEquals("Bearer", wrongPassword.header("WWW-Authenticate"));
    assertEquals("Bearer", unknownEmail.header("WWW-Authenticate"));
  }

  @Test
  void aDisabledUserCannotLogInAndLearnsNothingMore() {
    var email = newEmail();
    var user = accounts.register(email);
    var disabled = accounts.change(user.getString("id"), new JsonObject().put("status", "disabled"));
    assertEquals(200, disabled.status(), disabled::toString);

    var refused = api.post("/auth/login", new JsonObject().put("email", email).put("password", "s3cret-pass"));
    assertEquals(401, refused.status(), refused::toString);
    // the same answer as a wrong password: a disabled account is not revealed
    var wrongPassword = api.post("/auth/login", new JsonObject().put("email", email).put("password", "not-the-pass"));
    assertEquals(wrongPassword.json(), refused.json());
    assertEquals("The email or password is wrong", refused.json().getString("detail"));
  }

  @Test
  void meWithoutATokenIsUnauthorized() {
    var reply = api.get("/auth/me");
    assertEquals(401, reply.status(), reply::toString);
    assertEquals("Bearer", reply.header("WWW-Authenticate"));
    assertEquals("A bearer access token is required", reply.json().getString("detail"));
  }

  @Test
  void theKeySetServesTheKeyThatVerifiesTokens() throws Exception {
    var key = api.get("/.well-known/jwks.json").json().getJsonArray("keys").getJsonObject(0);
    assertEquals("RSA", key.getString("kty"));
    assertEquals("sig", key.getString("use"));
    assertEquals("RS256", key.getString("alg"));
    // RFC 7518 §6.3.1: n and e are unsigned big-endian integers, base64url without padding
    var served = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
      new BigInteger(1, Base64.getUrlDecoder().decode(key.getString("n"))),
      new BigInteger(1, Base64.getUrlDecoder().decode(key.getString("e")))));

    var token = accounts.adminToken().split("\\.");
    var header = new JsonObject(new String(Base64.getUrlDecoder().decode(token[0]), StandardCharsets.UTF_8));
    assertEquals(key.getString("kid"), header.getString("kid"));
    assertEquals("RS256", header.getString("alg"));
    var signingInput = (token[0] + "." + token[1]).getBytes(StandardCharsets.US_ASCII);
    var signature = Base64.getUrlDecoder().decode(token[2]);
    assertTrue(verifies(served, signingInput, signature), "the served key verifies the access token's signature");

    // the real signature over a changed payload does not verify
    var payload = new JsonObject(new String(Base64.getUrlDecoder().decode(token[1]), StandardCharsets.UTF_8));
    var changed = (token[0] + "." + base64Url(payload.put("role", "staff").encode().getBytes(StandardCharsets.UTF_8)))
      .getBytes(StandardCharsets.US_ASCII);
    assertFalse(verifies(served, changed, signature), "a changed payload verifies");

    // a token signed by another key does not verify with the served one, and the API refuses it
    var generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    var stranger = generator.generateKeyPair();
    var signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(stranger.getPrivate());
    signer.update(signingInput);
    var forged = signer.sign();
    assertTrue(verifies(stranger.getPublic(), signingInput, forged), "the forgery is a valid signature of its own key");
    assertFalse(verifies(served, signingInput, forged), "the served key verifies a token signed by another key");
    assertEquals(401, api.get("/auth/me", token[0] + "." + token[1] + "." + base64Url(forged)).status());
  }

  static boolean verifies(PublicKey key, byte[] signingInput, byte[] signature) throws Exception {
    var verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(key);
    verifier.update(signingInput);
    return verifier.verify(signature);
  }

  static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A 400 validation problem whose errors name exactly one field and the rule it broke. */
  static void assertValidationProblem(JsonObject problem, String field, String rule) {
    assertEquals("https://shopifygenie.dev/problems/validation", problem.getString("type"), problem::encode);
    assertEquals("Request validation failed", problem.getString("title"));
    assertEquals(400, problem.getInteger("status"));
    var errors = problem.getJsonArray("errors");
    assertNotNull(errors, problem::encode);
    assertEquals(1, errors.size(), problem::encode);
    assertEquals(field, errors.getJsonObject(0).getString("field"), problem::encode);
    assertEquals(rule, errors.getJsonObject(0).getString("rule"), problem::encode);
  }
}
