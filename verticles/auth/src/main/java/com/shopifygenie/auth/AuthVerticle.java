package com.shopifygenie.auth;

import com.shopifygenie.platform.AccessTokens;
import com.shopifygenie.platform.DomainRuntime;
import com.shopifygenie.platform.Ids;
import com.shopifygenie.platform.InvalidSettings;
import com.shopifygenie.platform.Outbox;
import com.shopifygenie.platform.Role;
import com.shopifygenie.platform.Settings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/** Wires the auth domain: database, keys, password hashing, operations. Nothing else. */
public final class AuthVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AuthVerticle.class);
  /** The first super admin's password in dev mode when none is given; public, so never for a real shop. */
  public static final String DEV_ADMIN_PASSWORD = "genie-admin-dev";

  private final JsonObject settings;
  private DomainRuntime runtime;

  public AuthVerticle(JsonObject settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    var auth = Settings.section(settings, "auth");
    var users = new UserStore();
    return DomainRuntime.open(vertx, settings, AuthEvents.SOURCE)
      .onSuccess(r -> runtime = r)
      .compose(r -> Future.all(AccessTokens.load(vertx, settings, true),
        Passwords.create(vertx, auth.getInteger("bcrypt_cost", 12))))
      .compose(loaded -> {
        Passwords passwords = loaded.resultAt(1);
        var operations = new AuthOperations(runtime.pool(), users, new RefreshTokenStore(), passwords,
          loaded.resultAt(0), auth.getLong("refresh_token_ttl_seconds", 2_592_000L));
        return ensureSuperAdmin(runtime.pool(), users, passwords)
          .compose(v -> answerOutdatedTokens(runtime.pool(), users))
          .compose(v -> runtime.serve(operations.handlers()));
      });
  }

  /** Not an HTTP operation: gateways that start ask it (see {@link AccessTokens#OUTDATED_ADDRESS}). */
  private Future<Void> answerOutdatedTokens(Pool pool, UserStore users) {
    return vertx.eventBus().<JsonObject>consumer(AccessTokens.OUTDATED_ADDRESS, message ->
        users.outdatedWithin(pool, message.body().getLong("within_seconds", 0L))
          .onSuccess(outdated -> message.reply(new JsonArray(outdated)))
          .onFailure(e -> message.fail(500, String.valueOf(e.getMessage()))))
      .completion();
  }

  /**
   * The first start creates the configured super admin, so a new installation can be administered.
   * Without a password it refuses to start instead: a default password would be known to anyone.
   */
  private Future<Void> ensureSuperAdmin(Pool pool, UserStore users, Passwords passwords) {
    var admin = Settings.section(settings, "admin");
    var email = admin.getString("email", "admin@shopifygenie.dev").trim().toLowerCase(Locale.ROOT);
    var password = admin.getString("password", "");
    return users.anyWithRole(pool, Role.SUPER_ADMIN).compose(exists -> {
      if (exists) {
        return Future.succeededFuture();
      }
      if (password.isBlank()) {
        return Future.failedFuture(new InvalidSettings("no super admin exists yet: set SHOPIFYGENIE_ADMIN_PASSWORD "
          + "(admin.password) to create " + email));
      }
      if (!Passwords.fits(password)) {
        return Future.failedFuture(new InvalidSettings("SHOPIFYGENIE_ADMIN_PASSWORD (admin.password) is longer than "
          + Passwords.MAX_BYTES + " bytes, which bcrypt does not read"));
      }
      return passwords.hash("admin.password", password, () -> true)
        .compose(hash -> pool.withTransaction(tx -> users.insertIfAbsent(tx, Ids.next(), email, hash, Role.SUPER_ADMIN)
          .compose(user -> user.isEmpty() ? Future.succeededFuture(false)
            : Outbox.append(tx, AuthEvents.registered(user.get())).map(true))))
        .onSuccess(created -> {
          if (created && DEV_ADMIN_PASSWORD.equals(password)) {
            LOG.info("Created the super admin {} with the dev password {}: set SHOPIFYGENIE_ADMIN_PASSWORD for a real shop",
              email, DEV_ADMIN_PASSWORD);
          } else if (created) {
            LOG.info("Created the super admin {} with the password from SHOPIFYGENIE_ADMIN_PASSWORD", email);
          }
        })
        .mapEmpty();
    });
  }

  @Override
  public Future<?> stop() {
    return runtime == null ? Future.succeededFuture() : runtime.close();
  }
}
