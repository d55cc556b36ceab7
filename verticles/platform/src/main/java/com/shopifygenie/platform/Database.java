package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import org.flywaydb.core.Flyway;

import java.util.regex.Pattern;

/**
 * A domain's own PostgreSQL database: created on the configured server if absent, migrated
 * by Flyway from db/&lt;domain&gt;/ before the domain takes traffic, then served by a pool.
 */
public final class Database {

  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** Arbitrary, constant per database; apart from the relay's. */
  private static final long MIGRATION_LOCK = 0x5348_4f50_4d49_4752L;
  private final Vertx vertx;
  private final PgConnectOptions server;
  private final String name;
  private final String domain;
  private final int poolSize;
  private final int idleInTransactionMillis;

  public Database(Vertx vertx, JsonObject config, String domain) {
    var db = Settings.section(config, "db");
    var url = db.getString("url", "");
    if (url.isBlank()) {
      throw new IllegalStateException("db.url (SHOPIFYGENIE_DB_URL) is not set");
    }
    this.vertx = vertx;
    this.server = PgConnectOptions.fromUri(url);
    this.domain = domain;
    this.name = db.getString("prefix", "shopifygenie_") + domain;
    this.poolSize = db.getInteger("pool_size", 8);
    this.idleInTransactionMillis = db.getInteger("idle_in_transaction_timeout_ms", 30_000);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalStateException("database name " + name + " is not a plain lower-case identifier");
    }
  }

  public String name() {
    return name;
  }

  /** How to reach this database with a connection of one's own (the relay's, which holds its lock). */
  public PgConnectOptions connectOptions() {
    return new PgConnectOptions(server).setDatabase(name);
  }

  /** Creates and migrates the database, then opens its pool. */
  public Future<Pool> open() {
    // named by the domain, so its use shows apart from the other domains' pools at /metrics
    return migrateOnly().map(v -> pool(domain, poolSize));
  }

  /**
   * Another pool of the (migrated) database, of its own name and size. Its sessions end a
   * transaction left idle past db.idle_in_transaction_timeout_ms: the shop's transactions wait on
   * nothing but their own statements, so one idle that long belongs to a node frozen mid-way (a
   * stopped process, a paused VM), whose row locks would otherwise stop every order of those
   * products until the node died.
   */
  public Pool pool(String poolName, int size) {
    var options = connectOptions().setCachePreparedStatements(true).setPipeliningLimit(256);
    if (idleInTransactionMillis > 0) {
      options.addProperty("idle_in_transaction_session_timeout", Integer.toString(idleInTransactionMillis));
    }
    return PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(size).setName(poolName))
      .connectingTo(options)
      .using(vertx)
      .build();
  }

  /** Creates and migrates the database, and nothing else (the one-shot migration step of a deploy). */
  public Future<Void> migrateOnly() {
    return create().compose(v -> migrateAlone());
  }

  /**
   * Migrates while holding the database's migration lock, so nodes of one domain starting at once
   * migrate one after the other: Flyway locks only once its history table exists, and a second
   * node that finds the table just created but still empty refuses to go on.
   */
  private Future<Void> migrateAlone() {
    return PgConnection.connect(vertx, connectOptions()).compose(conn ->
      conn.preparedQuery("SELECT pg_advisory_lock($1)").execute(Tuple.of(MIGRATION_LOCK))
        .compose(locked -> vertx.executeBlocking(this::migrate, false))
        // the lock is the session's: closing the connection releases it
        .eventually(conn::close));
  }

  private Future<Void> create() {
    var maintenance = new PgConnectOptions(server).setDatabase("postgres");
    return PgConnection.connect(vertx, maintenance).compose(conn ->
      conn.preparedQuery("SELECT 1 FROM pg_database WHERE datname = $1").execute(Tuple.of(name))
        .compose(rows -> rows.size() > 0 ? Future.<Void>succeededFuture()
          // identifiers cannot be parameters; the name was checked against NAME above
          : conn.query("CREATE DATABASE \"" + name + "\"").execute().<Void>mapEmpty()
            // another node of the domain created it meanwhile: 42P04 when its creation had
            // committed, 23505 (pg_database's unique name) when both ran at once
            .recover(e -> e instanceof PgException pg && ("42P04".equals(pg.getSqlState()) || "23505".equals(pg.getSqlState()))
              ? Future.succeededFuture() : Future.failedFuture(e)))
        .eventually(conn::close));
  }

  private Void migrate() {
    var jdbcUrl = "jdbc:postgresql://" + server.getHost() + ":" + server.getPort() + "/" + name;
    // the platform's tables (outbox, ...) keep a history of their own, so their versions
    // never collide with the domain's
    migrate(jdbcUrl, "db/platform", "platform_schema_history");
    migrate(jdbcUrl, "db/" + domain, "flyway_schema_history");
    return null;
  }

  private void migrate(String jdbcUrl, String location, String historyTable) {
    Flyway.configure(Database.class.getClassLoader())
      .dataSource(jdbcUrl, server.getUser(), server.getPassword())
      .locations("classpath:" + location)
      .table(historyTable)
      .baselineOnMigrate(true)
      .baselineVersion("0")
      .load()
      .migrate();
  }
}
