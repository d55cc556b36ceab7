package com.shopifygenie.platform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Access tokens: RS256 JWTs with a kid, signed by auth and verified by the gateway. The kid is
 * the key's RFC 7638 thumbprint, so it is stable for a key and changes with it.
 */
public final class AccessTokens {

  /**
   * Where auth answers, with a JSON array of {user_id, token_version}, the users whose tokens a
   * change of role or status outdated within the given {@code within_seconds}: a verifier that
   * starts has heard no event from before, and asks.
   */
  public static final String OUTDATED_ADDRESS = "auth.outdatedTokens";
  private static final String ALGORITHM = "RS256";
  /** Clock skew tolerated between the node that signs and the node that verifies. */
  private static final int LEEWAY_SECONDS = 5;
  /** How many verified tokens are remembered; past it the memory starts afresh. */
  private static final int VERIFIED_KEPT = 10_000;
  /** Header, payload and signature, each base64url without padding, joined by two dots. */
  private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
  /** Reads a header or payload whole, refusing a name twice (which one counts depends on the reader). */
  private static final JsonFactory STRICT = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final JWTAuth jwt;
  private final JsonObject jwk;
  private final String issuer;
  private final int ttlSeconds;
  /**
   * Tokens verified before, by their exact text (signature included), with when they expire: a
   * client sends the same token with every request, and checking its RSA signature each time was
   * a sixth of the gateway's work on a GET.
   */
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  /**
   * Per user whose role or status changed lately, the token version its tokens need from then on,
   * until every older token has expired anyway.
   */
  private final Map<UUID, Outdated> outdated = new ConcurrentHashMap<>();

  private record Verified(Caller caller, long expiresAt, int version) {}

  private record Outdated(int below, long untilSecond) {}

  private AccessTokens(JWTAuth jwt, JsonObject jwk, String issuer, int ttlSeconds) {
    this.jwt = jwt;
    this.jwk = jwk;
    this.issuer = issuer;
    this.ttlSeconds = ttlSeconds;
  }

  /** Reads the configured keys; without a private key the instance can verify but not sign. */
  public static Future<AccessTokens> load(Vertx vertx, JsonObject config, boolean signing) {
    var auth = Settings.section(config, "auth");
    var publicFile = auth.getString("public_key_file", "");
    var privateFile = auth.getString("private_key_file", "");
    if (publicFile.isBlank() || (signing && privateFile.isBlank())) {
      return Future.failedFuture(new IllegalStateException(
        "auth.public_key_file / auth.private_key_file are not configured"));
    }
    var fs = vertx.fileSystem();
    Future<Buffer> privatePem = signing ? fs.readFile(privateFile) : Future.succeededFuture();
    return Future.all(fs.readFile(publicFile), privatePem).map(files -> {
      Buffer publicPem = files.resultAt(0);
      var jwk = toJwk(publicPem.toString(StandardCharsets.US_ASCII));
      var kid = jwk.getString("kid");
      var options = new JWTAuthOptions()
        .setJWTOptions(new JWTOptions().setIssuer(auth.getString("issuer", "shopifygenie")).setLeeway(LEEWAY_SECONDS))
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setId(kid).setBuffer(publicPem));
      if (signing) {
        options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setId(kid)
          .setBuffer(files.<Buffer>resultAt(1)));
      }
      return new AccessTokens(JWTAuth.create(vertx, options), jwk,
        auth.getString("issuer", "shopifygenie"), auth.getInteger("access_token_ttl_seconds", 900));
    });
  }

  public int ttlSeconds() {
    return ttlSeconds;
  }

  /** A signed access token for a user whose role and status never changed (token version 0). */
  public String issue(UUID userId, Role role) {
    return issue(userId, role, 0);
  }

  /** A signed access token for a user, of its current token version (see {@link #outdate}). */
  public String issue(UUID userId, Role role, int tokenVersion) {
    var claims = new JsonObject().put("role", role.wireName()).put("ver", tokenVersion)
      .put("jti", UUID.randomUUID().toString());
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm(ALGORITHM).setIssuer(issuer)
      .setSubject(userId.toString()).setExpiresInSeconds(ttlSeconds)
      .setHeader(new JsonObject().put("kid", jwk.getString("kid"))));
  }

  /**
   * The caller a token speaks for; fails with 401 for a bad, foreign or expired token, for one of a
   * token version outdated by a change of its user's role or status, and for a token that does not
   * say when it was issued and when it expires or that lives longer than the configured lifetime:
   * a verifier that did not hear of a change refuses the token only when it expires, so none may
   * live longer than the lifetime everyone plans with.
   */
  public Future<Caller> verify(String token) {
    var known = verified.get(token);
    var now = Instant.now().getEpochSecond();
    if (known != null && now > known.expiresAt() + LEEWAY_SECONDS) {
      verified.remove(token);
      known = null;
    }
    var checked = known != null ? Future.succeededFuture(known) : authenticate(token)
      .map(user -> {
        var claims = user.principal();
        // JWTAuth keeps the whole decoded payload here; exp and iat are left out of the principal
        var payload = user.attributes().getJsonObject("accessToken", new JsonObject());
        if (!livesNoLongerThanConfigured(payload)) {
          throw new IllegalArgumentException("the token's lifetime is missing or too long");
        }
        var caller = new Caller(UUID.fromString(claims.getString("sub")), Role.fromWire(claims.getString("role")));
        // tokens issued before versions existed are of version 0, as their users were then
        var version = payload.getValue("ver") instanceof Number v ? v.intValue() : 0;
        var verification = new Verified(caller, payload.getLong("exp"), version);
        remember(token, verification);
        return verification;
      })
      .recover(e -> Future.failedFuture(Problem.unauthorized("The access token is invalid or expired")));
    return checked.compose(verification -> isOutdated(verification, now)
      ? Future.failedFuture(Problem.unauthorized("The access token was issued before the account's role or status "
        + "changed; refresh it or log in again"))
      : Future.succeededFuture(verification.caller()));
  }

  /**
   * From now on this user's tokens of a version below the given one are refused: its role or
   * status changed (auth's user.role_changed and user.status_changed carry the new version). Held
   * for a token lifetime, after which every older token has expired anyway.
   */
  public void outdate(UUID userId, int tokenVersion) {
    var now = Instant.now().getEpochSecond();
    outdated.values().removeIf(o -> o.untilSecond() < now);
    outdated.merge(userId, new Outdated(tokenVersion, now + ttlSeconds + 2L * LEEWAY_SECONDS),
      (held, heard) -> held.below() >= heard.below() ? held : heard);
  }

  private boolean isOutdated(Verified verification, long now) {
    var held = outdated.get(verification.caller().userId());
    return held != null && held.untilSecond() >= now && verification.version() < held.below();
  }

  /**
   * JWTAuth throws, rather than fails, on some claims of an unexpected type (an exp that is a
   * string); and it splits a token on its dots leniently, taking {@code <token>.} or
   * {@code <token>..} as the token: only the compact form of RFC 7515 §7.1 is one.
   */
  private Future<User> authenticate(String token) {
    if (!COMPACT_JWS.matcher(token).matches()) {
      return Future.failedFuture(new IllegalArgumentException("not a compact JWS"));
    }
    try {
      var parts = token.split("\\.");
      var header = strictJson(parts[0]);
      var payload = strictJson(parts[1]);
      // RFC 7515 §4.1.11: an extension the token says must be understood is not understood here;
      // RFC 7519 §4.1.3: an audience that does not name this shop is someone else's token
      if (header.containsKey("crit")) {
        return Future.failedFuture(new IllegalArgumentException("a critical header extension"));
      }
      if (payload.containsKey("aud") && !namesThisShop(payload.getValue("aud"))) {
        return Future.failedFuture(new IllegalArgumentException("another audience"));
      }
      return jwt.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static JsonObject strictJson(String part) {
    var text = new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    try (var parser = STRICT.createParser(text)) {
      while (parser.nextToken() != null) {
        // read through: a duplicate name throws
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON, or a name twice", e);
    }
    return new JsonObject(text);
  }

  private boolean namesThisShop(Object audience) {
    return audience instanceof String one ? one.equals(issuer)
      : audience instanceof JsonArray many && many.contains(issuer);
  }

  private void remember(String token, Verified verification) {
    if (verified.size() >= VERIFIED_KEPT) {
      verified.clear();
    }
    verified.put(token, verification);
  }

  /** JWTAuth checks exp and iat against the clock only when they are present; both must be. */
  private boolean livesNoLongerThanConfigured(JsonObject payload) {
    return payload.getValue("exp") instanceof Number exp && payload.getValue("iat") instanceof Number iat
      && exp.longValue() - iat.longValue() <= (long) ttlSeconds + LEEWAY_SECONDS;
  }

  /** The public keys as a JWK Set (RFC 7517), as served at /.well-known/jwks.json. */
  public JsonObject jwks() {
    return new JsonObject().put("keys", new JsonArray().add(jwk.copy()));
  }

  private static JsonObject toJwk(String pem) {
    try {
      var der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
      var key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
      var n = base64Url(key.getModulus());
      var e = base64Url(key.getPublicExponent());
      // RFC 7638: members in lexicographic order, no white space
      var canonical = "{\"e\":\"" + e + "\",\"kty\":\"RSA\",\"n\":\"" + n + "\"}";
      var thumbprint = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      var kid = Base64.getUrlEncoder().withoutPadding().encodeToString(thumbprint);
      return new JsonObject().put("kty", "RSA").put("use", "sig").put("alg", ALGORITHM).put("kid", kid)
        .put("n", n).put("e", e);
    } catch (Exception ex) {
      throw new IllegalStateException("the public key file is not an RSA public key in PEM", ex);
    }
  }

  private static String base64Url(BigInteger value) {
    var bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
