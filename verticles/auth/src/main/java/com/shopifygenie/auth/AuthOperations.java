package com.shopifygenie.auth;

import com.shopifygenie.platform.AccessTokens;
import com.shopifygenie.platform.Ids;
import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Outbox;
import com.shopifygenie.platform.Page;
import com.shopifygenie.platform.PageCursor;
import com.shopifygenie.platform.Problem;
import com.shopifygenie.platform.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** One method per operationId of schemas/openapi/auth.yaml. */
final class AuthOperations {

  static final String DOMAIN = AuthEvents.DOMAIN;
  private static final Problem BAD_CREDENTIALS = Problem.unauthorized("The email or password is wrong");
  private static final Problem BAD_REFRESH = Problem.unauthorized("The refresh token is invalid, spent or expired");

  private final Pool pool;
  private final UserStore users;
  private final RefreshTokenStore refreshTokens;
  private final Passwords passwords;
  private final AccessTokens accessTokens;
  private final long refreshTtlSeconds;

  AuthOperations(Pool pool, UserStore users, RefreshTokenStore refreshTokens, Passwords passwords,
                 AccessTokens accessTokens, long refreshTtlSeconds) {
    this.pool = pool;
    this.users = users;
    this.refreshTokens = refreshTokens;
    this.passwords = passwords;
    this.accessTokens = accessTokens;
    this.refreshTtlSeconds = refreshTtlSeconds;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.ofEntries(
      Map.entry("register", this::register),
      Map.entry("login", this::login),
      Map.entry("refreshToken", this::refreshToken),
      Map.entry("logout", this::logout),
      Map.entry("getMe", this::getMe),
      Map.entry("changeMyEmail", this::changeMyEmail),
      Map.entry("getJwks", req -> Future.succeededFuture(OperationResponse.ok(accessTokens.jwks()))),
      Map.entry("listUsers", this::listUsers),
      Map.entry("createUser", this::createUser),
      Map.entry("getUser", this::getUser),
      Map.entry("updateUser", this::updateUser));
  }

  private static final Problem NO_LONGER_SUPER_ADMIN = Problem.forbidden(
    "Your account is no longer an active super admin: its access token still says it is, the shop does not");

  Future<OperationResponse> register(OperationRequest req) {
    var body = req.bodyObject();
    return create(req, email(body), body.getString("password"), Role.CUSTOMER, tx -> Future.succeededFuture());
  }

  /**
   * A super admin's: the caller's token may predate a demotion or a disabling, so its account is
   * read again, held, in the transaction that creates (a role change waits for it, or it for them).
   */
  Future<OperationResponse> createUser(OperationRequest req) {
    var body = req.bodyObject();
    var caller = req.caller().userId();
    return create(req, email(body), body.getString("password"), Role.fromWire(body.getString("role", "staff")),
      tx -> users.byIdForShare(tx, caller).compose(found -> found.filter(u -> u.active() && u.role() == Role.SUPER_ADMIN)
        .isPresent() ? Future.<Void>succeededFuture() : Future.failedFuture(NO_LONGER_SUPER_ADMIN)));
  }

  /** An account, made only while its caller waits for it: one made after the gateway's 503 would answer its retry 409. */
  private Future<OperationResponse> create(OperationRequest req, String email, String password, Role role,
                                           Function<SqlClient, Future<Void>> allowed) {
    return passwords.hash("/password", password, req::stillAwaited)
      .compose(hash -> req.whileAwaited(() -> pool.withTransaction(tx -> allowed.apply(tx)
        .compose(v -> users.insert(tx, Ids.next(), email, hash, role))
        .compose(user -> Outbox.append(tx, AuthEvents.registered(user)).map(user)))))
      .map(user -> OperationResponse.created(user.toJson(), "/users/" + user.id()));
  }

  Future<OperationResponse> login(OperationRequest req) {
    var body = req.bodyObject();
    var password = body.getString("password");
    return users.byEmail(pool, email(body))
      .compose(found -> passwords.verify(password, found.map(User::passwordHash).orElse(null), req::stillAwaited)
        .compose(matches -> matches && found.get().active()
          ? req.whileAwaited(() -> pool.withTransaction(tx -> issueIfStillAllowed(tx, found.get())))
          : Future.failedFuture(BAD_CREDENTIALS)))
      .map(OperationResponse::ok);
  }

  /**
   * The user read before bcrypt may be stale by a second: it is read again, held, before its refresh
   * token is stored, and the tokens speak for what is read now. A disabling or a role change locks the
   * row FOR UPDATE (updateUser), which conflicts with this FOR SHARE: if it commits first, this reads
   * the disabled user or the new role; if this holds the row first, the disabling waits for the
   * token to commit and then revokes it with the user's others. Either way no token outlives it.
   */
  private Future<JsonObject> issueIfStillAllowed(SqlClient tx, User checked) {
    return users.byIdForShare(tx, checked.id()).compose(now -> now.isPresent() && now.get().active()
        // the password checked must still be the user's
        && now.get().passwordHash().equals(checked.passwordHash())
      ? issue(tx, now.get(), Ids.next())
      : Future.failedFuture(BAD_CREDENTIALS));
  }

  Future<OperationResponse> refreshToken(OperationRequest req) {
    var presented = RefreshToken.of(req.bodyObject().getString("refresh_token"));
    // the revocation of a reused token's family must commit even though the answer is 401,
    // so the transaction yields null for "refused" instead of failing
    // the user is held, alone, before the token is spent: a logout, a disabling of the user or another
    // refresh (a spent token replayed while its successor rotates) waits for this refresh and then sees
    // the token it issued, or this refresh waits for them and finds its token revoked
    return pool.<JsonObject>withTransaction(tx -> refreshTokens.ownerOf(tx, presented).compose(owner -> owner.isEmpty()
        ? Future.succeededFuture(null)
        : users.byIdForUpdate(tx, owner.get()).compose(user -> refreshTokens.spend(tx, presented).compose(spent -> {
          if (spent.isEmpty()) {
            return Future.succeededFuture(null);
          }
          var token = spent.get();
          return token.wasActive() && user.isPresent() && user.get().active()
            ? issue(tx, user.get(), token.familyId())
            : refreshTokens.revokeFamily(tx, token.familyId()).map(v -> null);
        }))))
      .compose(pair -> pair == null ? Future.failedFuture(BAD_REFRESH) : Future.succeededFuture(OperationResponse.ok(pair)));
  }

  /** Revokes the token's family; locks its user first, so a refresh racing it is revoked too (see refreshToken). */
  Future<OperationResponse> logout(OperationRequest req) {
    var presented = RefreshToken.of(req.bodyObject().getString("refresh_token"));
    return pool.withTransaction(tx -> refreshTokens.ownerOf(tx, presented).compose(owner -> owner.isEmpty()
        ? Future.<Void>succeededFuture()
        : users.byIdForUpdate(tx, owner.get()).compose(user -> refreshTokens.revokeFamilyOf(tx, presented))))
      .map(v -> OperationResponse.noContent());
  }

  Future<OperationResponse> getMe(OperationRequest req) {
    return userById(req.caller().userId());
  }

  /** The caller's own email, once it proved it knows the password: a stolen access token alone does not take the account. */
  Future<OperationResponse> changeMyEmail(OperationRequest req) {
    var id = req.caller().userId();
    var body = req.bodyObject();
    return users.byId(pool, id)
      .compose(found -> found.isEmpty() ? Future.failedFuture(Problem.notFound("user", id))
        : passwords.verify(body.getString("current_password"), found.get().passwordHash(), req::stillAwaited)
          .compose(matches -> !matches ? Future.<Void>failedFuture(Problem.forbidden("The current password is wrong"))
            : found.get().active() ? Future.<Void>succeededFuture()
            : Future.<Void>failedFuture(Problem.forbidden("This account is disabled"))))
      .compose(v -> req.whileAwaited(() -> pool.withTransaction(tx -> users.byIdForUpdate(tx, id)
        .compose(user -> changeEmail(tx, user.orElseThrow(), email(body))))))
      .map(user -> OperationResponse.ok(user.toJson()));
  }

  /** The user with the new email, announced; the same email again changes nothing and says nothing. */
  private Future<User> changeEmail(SqlClient tx, User user, String email) {
    if (email == null || email.equals(user.email())) {
      return Future.succeededFuture(user);
    }
    return users.changeEmail(tx, user.id(), email)
      .compose(changed -> Outbox.append(tx, AuthEvents.emailChanged(user.id(), user.email(), email)).map(changed));
  }

  Future<OperationResponse> getUser(OperationRequest req) {
    return userById(UUID.fromString(req.pathParam("user_id")));
  }

  Future<OperationResponse> listUsers(OperationRequest req) {
    var query = req.query();
    var limit = query.getInteger("limit", 20);
    var after = PageCursor.decode(req);
    var filter = new UserStore.UserFilter(
      query.getString("role") == null ? null : Role.fromWire(query.getString("role")),
      query.getString("status") == null ? null : UserStatus.fromWire(query.getString("status")),
      query.getString("email") == null ? null : query.getString("email").toLowerCase(Locale.ROOT));
    return users.page(pool, filter, after, limit).map(found -> {
      return OperationResponse.ok(Page.of(found, limit, user -> user.toJson(),
        last -> new PageCursor(last.createdAt(), last.id()).encode(req)));
    });
  }

  Future<OperationResponse> updateUser(OperationRequest req) {
    var id = UUID.fromString(req.pathParam("user_id"));
    var body = req.bodyObject();
    if (id.equals(req.caller().userId())) {
      return Future.failedFuture(Problem.conflict(body.containsKey("role") || body.containsKey("status")
        ? "You cannot change your own role or status" : "Your own email changes through PATCH /auth/me"));
    }
    // the active super admins are locked first, in one order, so that two of them demoting each
    // other at once cannot both succeed; the caller must be among them now, not only when its
    // token was issued (a demoted super admin could otherwise promote itself back)
    return pool.withTransaction(tx -> users.lockActiveSuperAdmins(tx).compose(admins -> !admins.contains(req.caller().userId())
      ? Future.failedFuture(NO_LONGER_SUPER_ADMIN)
      : users.byIdForUpdate(tx, id).compose(found -> {
        if (found.isEmpty()) {
          return Future.failedFuture(Problem.notFound("user", id));
        }
        var before = found.get();
        var role = body.getString("role") == null ? before.role() : Role.fromWire(body.getString("role"));
        var status = body.getString("status") == null ? before.status() : UserStatus.fromWire(body.getString("status"));
        var staysSuperAdmin = role == Role.SUPER_ADMIN && status == UserStatus.ACTIVE;
        if (admins.contains(id) && !staysSuperAdmin && admins.size() == 1) {
          return Future.failedFuture(Problem.conflict("This is the last active super admin"));
        }
        return users.update(tx, id, role, status)
          .compose(after -> (status == UserStatus.DISABLED ? refreshTokens.revokeAllOf(tx, id) : Future.<Void>succeededFuture())
            .compose(v -> role == before.role() ? Future.<Void>succeededFuture()
              : Outbox.append(tx, AuthEvents.roleChanged(after, before.role(), role)))
            .compose(v -> status == before.status() ? Future.<Void>succeededFuture()
              : Outbox.append(tx, AuthEvents.statusChanged(after, before.status())))
            .compose(v -> changeEmail(tx, after, body.getString("email") == null ? null : email(body))));
      })))
      .map(user -> OperationResponse.ok(user.toJson()));
  }

  private Future<OperationResponse> userById(UUID id) {
    return users.byId(pool, id).compose(found -> found
      .map(user -> Future.succeededFuture(OperationResponse.ok(user.toJson())))
      .orElseGet(() -> Future.failedFuture(Problem.notFound("user", id))));
  }

  /** A new access token and a refresh token in the given family. */
  private Future<JsonObject> issue(SqlClient client, User user, UUID familyId) {
    var refresh = RefreshToken.generate();
    var expires = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(refreshTtlSeconds);
    return refreshTokens.insert(client, refresh, familyId, user.id(), expires)
      .map(v -> new JsonObject()
        .put("access_token", accessTokens.issue(user.id(), user.role(), user.tokenVersion()))
        .put("token_type", "Bearer")
        .put("expires_in", accessTokens.ttlSeconds())
        .put("refresh_token", refresh.value()));
  }

  private static String email(JsonObject body) {
    return body.getString("email").trim().toLowerCase(Locale.ROOT);
  }
}
