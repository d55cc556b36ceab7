package com.shopifygenie.auth;

import com.shopifygenie.platform.AccessTokens;
import com.shopifygenie.platform.Database;
import com.shopifygenie.platform.Ids;
import com.shopifygenie.platform.OperationBus;
import com.shopifygenie.platform.Role;
import com.shopifygenie.platform.Settings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/** Wires the auth domain: database, keys, password hashing, operations. Nothing else. */
public final class AuthVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AuthVerticle.class);

  private final JsonObject settings;
  private Pool pool;
  private OperationBus bus;

  public AuthVerticle(JsonObject settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    var auth = Settings.section(settings, "auth");
    var database = new Database(vertx, settings, AuthOperations.DOMAIN);
    var users = new UserStore();
    bus = new OperationBus(vertx, AuthOperations.DOMAIN);
    return database.open()
      .onSuccess(p -> pool = p)
      .compose(p -> Future.all(AccessTokens.load(vertx, settings, true),
        Passwords.create(vertx, auth.getInteger("bcrypt_cost", 12))))
      .compose(loaded -> {
        Passwords passwords = loaded.resultAt(1);
        var operations = new AuthOperations(pool, users, new RefreshTokenStore(), passwords, loaded.resultAt(0),
          auth.getLong("refresh_token_ttl_seconds", 2_592_000L));
        return ensureSuperAdmin(users, passwords)
          .compose(v -> bus.serve(operations.handlers(), () -> pool.query("SELECT 1").execute()
            .map(rows -> new JsonObject().put("status", "UP")
              .put("database", new JsonObject().put("status", "UP").put("name", database.name())))));
      });
  }

  /** The first start creates the configured super admin, so a new installation can be administered. */
  private Future<Void> ensureSuperAdmin(UserStore users, Passwords passwords) {
    var admin = Settings.section(settings, "admin");
    var email = admin.getString("email", "admin@shopifygenie.dev").trim().toLowerCase(Locale.ROOT);
    return users.anyWithRole(pool, Role.SUPER_ADMIN).compose(exists -> exists ? Future.succeededFuture()
      : passwords.hash(admin.getString("password", "genie-admin-dev"))
        .compose(hash -> users.insertIfAbsent(pool, Ids.next(), email, hash, Role.SUPER_ADMIN))
        .onSuccess(created -> {
          if (created) {
            LOG.info("Created the super admin {} (its password is admin.password / SHOPIFYGENIE_ADMIN_PASSWORD)", email);
          }
        })
        .mapEmpty());
  }

  @Override
  public Future<?> stop() {
    var closing = bus == null ? Future.succeededFuture() : bus.close();
    return closing.compose(v -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
