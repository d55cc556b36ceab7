package com.shopifygenie.auth;

import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.platform.AccessTokens;
import com.shopifygenie.platform.Problem;
import com.shopifygenie.platform.Role;
import com.shopifygenie.platform.Settings;
import com.shopifygenie.platform.SigningKeys;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.Reply;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the gateway accepts as a bearer access token, shown on GET /users (super_admin and staff only). */
@ExtendWith(VertxExtension.class)
class AccessTokenTest {

  private static final JsonObject BAD_TOKEN = new JsonObject()
    .put("type", "https://shopifygenie.dev/problems/unauthorized").put("title", "Unauthorized").put("status", 401)
    .put("detail", "The access token is invalid or expired");

  static Vertx vertx;
  static TestSystem system;
  static ApiClient api;
  static Accounts accounts;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    system = TestSystem.create(vertx).deploy(AuthVerticle::new, GatewayVerticle::new);
    api = system.client();
    accounts = new Accounts(api);
  }

  @AfterAll
  static void stop() {
    system.stop();
  }

  static void assertRefused(Reply reply) {
    assertEquals(401, reply.status(), reply::toString);
    assertEquals(BAD_TOKEN, reply.json());
    assertEquals("Bearer", reply.header("WWW-Authenticate"));
  }

  /** A token of a version its user outlived is refused, even one verified before; newer ones and other users' are not. */
  @Test
  void aTokenOfAnOutdatedVersionIsRefused() {
    var tokens = AccessTokens.load(vertx, system.settings(), true).await();
    var user = UUID.randomUUID();
    var other = UUID.randomUUID();
    var old = tokens.issue(user, Role.STAFF, 0);
    var othersOld = tokens.issue(other, Role.STAFF, 0);
    assertEquals(user, tokens.verify(old).await().userId());

    tokens.outdate(user, 1);
    var refused = tokens.verify(old);
    assertTrue(refused.failed());
    assertEquals(401, ((Problem) refused.cause()).status());
    assertEquals(user, tokens.verify(tokens.issue(user, Role.CUSTOMER, 1)).await().userId());
    assertEquals(other, tokens.verify(othersOld).await().userId());
    // an older change heard late changes nothing
    tokens.outdate(user, 0);
    assertTrue(tokens.verify(old).failed());
  }

  @Test
  void theSuperAdminsOwnTokenIsAccepted() {
    assertEquals(200, api.get("/users", accounts.adminToken()).status());
  }

  @Test
  void aGarbageTokenIsRefused() {
    assertRefused(api.get("/users", "garbage"));
    assertRefused(api.get("/users", "a.b.c"));
    assertRefused(api.get("/auth/me", "garbage"));
  }

  @Test
  void aGoodTokenWithDotsAddedIsRefused() {
    // JWTAuth's split took these as the token itself
    var token = accounts.adminToken();
    assertRefused(api.get("/users", token + "."));
    assertRefused(api.get("/users", token + ".."));
    assertRefused(api.get("/users", "." + token));
  }

  @Test
  void anotherAuthorizationSchemeIsRefused() {
    var basic = api.send(HttpMethod.GET, "/users", null, null, Map.of("Authorization",
      "Basic " + Base64.getEncoder().encodeToString("admin:pass".getBytes(StandardCharsets.UTF_8))));
    assertEquals(401, basic.status(), basic::toString);
    assertEquals("A bearer access token is required", basic.json().getString("detail"));
    var bare = api.send(HttpMethod.GET, "/users", null, null, Map.of("Authorization", "Bearer "));
    assertEquals(401, bare.status(), bare::toString);
  }

  @Test
  void aTokenSignedByAnotherKeyIsRefused() {
    var foreignConfig = system.settings().copy();
    Settings.put(foreignConfig, "data_dir",
      Path.of(System.getProperty("shopifygenie.test.dir", "target"), "foreign-" + UUID.randomUUID()).toString());
    Settings.put(foreignConfig, "auth.private_key_file", "");
    Settings.put(foreignConfig, "auth.public_key_file", "");
    foreignConfig = SigningKeys.prepare(foreignConfig);
    assertNotEquals(system.settings().getJsonObject("auth").getString("private_key_file"),
      foreignConfig.getJsonObject("auth").getString("private_key_file"));

    var foreign = AccessTokens.load(vertx, foreignConfig, true).await();
    var forged = foreign.issue(UUID.fromString(accounts.adminId()), Role.SUPER_ADMIN);
    assertRefused(api.get("/users", forged));
    assertRefused(api.get("/auth/me", forged));
  }

  @Test
  void aTokenSignedByTheRightKeyButWithAnotherKidIsRefused() {
    var token = sign(claims(accounts.adminId(), "super_admin", "shopifygenie", 600), "not-our-kid");
    assertRefused(api.get("/users", token));
  }

  @Test
  void anExpiredTokenIsRefused() {
    var adminId = accounts.adminId();
    // the same token, still valid, is accepted: only the expiry differs
    assertEquals(200, api.get("/users", sign(claims(adminId, "super_admin", "shopifygenie", 600), kid())).status());
    assertRefused(api.get("/users", sign(claims(adminId, "super_admin", "shopifygenie", -60), kid())));
  }

  @Test
  void aTokenAcceptedBeforeIsRefusedOnceItExpires() throws InterruptedException {
    var now = now();
    var token = sign(adminClaims(now, now + 1), kid());
    assertEquals(200, api.get("/users", token).status());
    assertEquals(200, api.get("/users", token).status());
    // past its expiry and the five seconds of clock skew tolerated: the gateway's memory of
    // having verified it must not keep it alive
    while (now() <= now + 1 + 5) {
      Thread.sleep(250);
    }
    assertRefused(api.get("/users", token));
  }

  @Test
  void aCorrectlySignedTokenWithoutAnExpiryIsRefused() {
    var now = now();
    assertEquals(200, api.get("/users", sign(adminClaims(now, now + 600), kid())).status());
    assertRefused(api.get("/users", sign(adminClaims(now, null), kid())));
  }

  @Test
  void aCorrectlySignedTokenWithoutAnIssueTimeIsRefused() {
    assertRefused(api.get("/users", sign(adminClaims(null, now() + 600), kid())));
  }

  @Test
  void aCorrectlySignedTokenLivingLongerThanTheConfiguredLifetimeIsRefused() {
    var ttl = system.settings().getJsonObject("auth").getInteger("access_token_ttl_seconds");
    assertEquals(900, ttl);
    var now = now();
    // exactly the configured lifetime is what auth issues
    assertEquals(200, api.get("/users", sign(adminClaims(now - 60, now - 60 + ttl), kid())).status());
    // a minute more, still unexpired by the clock, is not
    assertRefused(api.get("/users", sign(adminClaims(now - 60, now + ttl), kid())));
    // nor one that expires in ten years
    assertRefused(api.get("/users", sign(adminClaims(now, now + 10L * 365 * 24 * 3600), kid())));
  }

  @Test
  void aCorrectlySignedTokenWhoseTimesAreNotNumbersIsRefused() {
    var now = now();
    // JWTAuth threw on these rather than failing: a 500 before
    assertRefused(api.get("/users", sign(adminClaims(now, null).put("exp", String.valueOf(now + 600)), kid())));
    assertRefused(api.get("/users", sign(adminClaims(null, now + 600).put("iat", "yesterday"), kid())));
    assertRefused(api.get("/users", sign(adminClaims(now, now + 600).put("nbf", "now"), kid())));
  }

  @Test
  void aTokenFromAnotherIssuerIsRefused() {
    assertRefused(api.get("/users", sign(claims(accounts.adminId(), "super_admin", "someone-else", 600), kid())));
  }

  @Test
  void anUnsignedTokenIsRefused() {
    var header = base64Url(new JsonObject().put("alg", "none").put("typ", "JWT"));
    var payload = base64Url(claims(accounts.adminId(), "super_admin", "shopifygenie", 600));
    assertRefused(api.get("/users", header + "." + payload + "."));
  }

  @Test
  void aCustomerCannotPromoteItselfByEditingItsToken() {
    var customer = accounts.customer("forger");
    var parts = customer.accessToken().split("\\.");
    var claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    assertEquals("customer", claims.getString("role"));
    var edited = parts[0] + "." + base64Url(claims.put("role", "super_admin")) + "." + parts[2];
    assertRefused(api.get("/users", edited));
    assertEquals(403, api.get("/users", customer.accessToken()).status());
  }

  @Test
  void aCorrectlySignedTokenWithACriticalExtensionOrAnotherAudienceOrAClaimTwiceIsRefused() {
    var header = new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kid());
    var claims = adminClaims(now(), now() + 600);
    // signed by hand, the way the refused ones are: accepted as it is
    assertEquals(200, api.get("/users", signRaw(header.encode(), claims.encode())).status());
    assertEquals(200, api.get("/users", signRaw(header.encode(), claims.copy().put("aud", "shopifygenie").encode())).status());

    assertRefused(api.get("/users", signRaw(header.copy().put("crit", new JsonArray().add("x-never")).put("x-never", 1)
      .encode(), claims.encode())));
    assertRefused(api.get("/users", signRaw(header.encode(), claims.copy().put("aud", "another-service").encode())));
    assertRefused(api.get("/users", signRaw(header.encode(), claims.copy()
      .put("aud", new JsonArray().add("another-service")).encode())));
    var customer = accounts.customer("claim-twice");
    var twice = claims.copy().put("sub", customer.id()).put("role", "customer").encode();
    assertRefused(api.get("/users", signRaw(header.encode(), twice.substring(0, twice.length() - 1)
      + ",\"role\":\"super_admin\"}")));
  }

  // --- tokens made with the system's own private key, to vary one claim at a time ---

  /** Issued a minute before it expires or before now, whichever is earlier: within the configured lifetime. */
  private static JsonObject claims(String subject, String role, String issuer, long expiresInSeconds) {
    var now = now();
    var expires = now + expiresInSeconds;
    return new JsonObject().put("sub", subject).put("role", role).put("iss", issuer)
      .put("jti", UUID.randomUUID().toString()).put("iat", Math.min(now, expires) - 60).put("exp", expires);
  }

  /** The super admin's claims, issued and expiring when given (null leaves the claim out). */
  private static JsonObject adminClaims(Long issuedAt, Long expiresAt) {
    var claims = claims(accounts.adminId(), "super_admin", "shopifygenie", 600);
    claims.remove("iat");
    claims.remove("exp");
    if (issuedAt != null) {
      claims.put("iat", issuedAt);
    }
    if (expiresAt != null) {
      claims.put("exp", expiresAt);
    }
    return claims;
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private static String kid() {
    return api.get("/.well-known/jwks.json").json().getJsonArray("keys").getJsonObject(0).getString("kid");
  }

  private static String sign(JsonObject claims, String kid) {
    var privateKey = vertx.fileSystem().readFile(system.settings().getJsonObject("auth").getString("private_key_file"))
      .await();
    var jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setId(kid).setBuffer(privateKey)));
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("RS256").setNoTimestamp(true)
      .setHeader(new JsonObject().put("kid", kid)));
  }

  /** A token of this header and payload text, signed RS256 with the system's key as it is. */
  private static String signRaw(String header, String payload) {
    try {
      var pem = vertx.fileSystem().readFile(system.settings().getJsonObject("auth").getString("private_key_file"))
        .await().toString(StandardCharsets.US_ASCII);
      var der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
      var key = java.security.KeyFactory.getInstance("RSA").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
      var encoder = Base64.getUrlEncoder().withoutPadding();
      var signingInput = encoder.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
      var signature = java.security.Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + encoder.encodeToString(signature.sign());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base64Url(JsonObject json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Buffer.buffer(json.encode()).getBytes());
  }
}
