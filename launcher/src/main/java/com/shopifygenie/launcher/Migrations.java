package com.shopifygenie.launcher;

import com.shopifygenie.platform.Database;
import com.shopifygenie.platform.InvalidSettings;
import com.shopifygenie.platform.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.PrintWriter;
import java.util.Map;

/**
 * The `migrate` command: every domain's database created where absent and migrated by Flyway
 * (the platform's tables, then the domain's own), one domain after the other. Nodes migrate on
 * start as well, so this step only makes sure no node of a deploy takes traffic on a schema that
 * is still changing.
 */
final class Migrations {

  private Migrations() {}

  static Future<Void> run(Vertx vertx, String configFile, Map<String, String> environment, PrintWriter out) {
    return Settings.load(vertx, configFile, environment).compose(config -> {
      if (Settings.section(config, "db").getString("url", "").isBlank()) {
        return Future.failedFuture(new InvalidSettings("SHOPIFYGENIE_DB_URL (db.url) must name the PostgreSQL server to migrate"));
      }
      Future<Void> chain = Future.succeededFuture();
      for (var domain : Verticles.ALL.keySet()) {
        if (Verticles.needsDatabase(domain)) {
          var database = new Database(vertx, config, domain);
          chain = chain.compose(v -> database.migrateOnly()).onSuccess(v -> {
            out.println("migrated " + database.name());
            out.flush();
          });
        }
      }
      return chain;
    });
  }
}
