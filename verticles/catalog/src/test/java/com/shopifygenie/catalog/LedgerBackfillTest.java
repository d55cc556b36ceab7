package com.shopifygenie.catalog;

import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * V4 numbers the movements written before it in the order their figures show they were applied,
 * though their times (each its transaction's start) say otherwise, and puts them before new ones.
 */
@ExtendWith(VertxExtension.class)
class LedgerBackfillTest {

  static TestSystem system;
  static String maintenance;
  static String name;
  static String url;
  static String user;
  static String password;

  @BeforeAll
  static void start(Vertx vertx) throws SQLException {
    system = TestSystem.create(vertx);
    var db = system.settings().getJsonObject("db");
    var server = PgConnectOptions.fromUri(db.getString("url"));
    user = server.getUser();
    password = server.getPassword();
    name = db.getString("prefix") + "ledger_backfill";
    maintenance = jdbc(server, "postgres");
    try (var conn = DriverManager.getConnection(maintenance, user, password)) {
      conn.createStatement().execute("CREATE DATABASE " + name);
    }
    url = jdbc(server, name);
  }

  @AfterAll
  static void stop() throws SQLException {
    // a domain's database has an outbox, which the system's stop checks: this one is no domain's
    try (var conn = DriverManager.getConnection(maintenance, user, password)) {
      conn.createStatement().execute("DROP DATABASE " + name);
    }
    system.stop();
  }

  static String jdbc(PgConnectOptions server, String database) {
    return "jdbc:postgresql://" + server.getHost() + ":" + server.getPort() + "/" + database;
  }

  static void migrate(String target) {
    Flyway.configure(LedgerBackfillTest.class.getClassLoader()).dataSource(url, user, password)
      .locations("classpath:db/catalog").target(target).load().migrate();
  }

  @Test
  void movementsWrittenBeforeAreNumberedByTheirFiguresAndComeFirst() throws SQLException {
    migrate("3");
    var a = UUID.randomUUID();
    var b = UUID.randomUUID();
    try (var conn = DriverManager.getConnection(url, user, password)) {
      product(conn, a, "A-1");
      product(conn, b, "B-1");
      // applied: +5 (5), reserve 2 (5/2), +1 (6/2), -1 (5/2), sell 2 (3/0); the times of the
      // second and third, and of the fourth and fifth, are the other way round
      movement(conn, a, 5, 0, "received", 5, 0, "2026-01-01T10:00:00Z");
      movement(conn, a, 1, 0, "received", 6, 2, "2026-01-01T10:00:01Z");
      movement(conn, a, 0, 2, "reserved", 5, 2, "2026-01-01T10:00:02Z");
      movement(conn, a, -2, -2, "sold", 3, 0, "2026-01-01T10:00:03Z");
      movement(conn, a, -1, 0, "damaged", 5, 2, "2026-01-01T10:00:04Z");
      movement(conn, b, 7, 0, "received", 7, 0, "2026-01-01T09:59:59Z");
      conn.createStatement().execute("UPDATE inventory SET on_hand = 3, reserved = 0 WHERE product_id = '" + a + "'");
      conn.createStatement().execute("UPDATE inventory SET on_hand = 7 WHERE product_id = '" + b + "'");
    }
    migrate("4");
    try (var conn = DriverManager.getConnection(url, user, password)) {
      assertEquals(List.of("received 5 1", "reserved 5 2", "received 6 3", "damaged 5 4", "sold 3 5"),
        strings(conn, "SELECT reason || ' ' || on_hand || ' ' || seq FROM stock_movements WHERE product_id = '" + a
          + "' ORDER BY seq"));
      assertEquals(List.of("5", "1"), strings(conn, "SELECT last_seq::text FROM inventory ORDER BY product_id = '"
        + b + "'"));
      // the whole ledger: by when each began, raised where a product's order needs it; all before any new one
      assertEquals(List.of("B-1 received", "A-1 received", "A-1 reserved", "A-1 received", "A-1 damaged", "A-1 sold"),
        strings(conn, "SELECT p.sku || ' ' || m.reason FROM stock_movements m JOIN products p ON p.id = m.product_id"
          + " ORDER BY m.xid_mark, m.product_id, m.seq"));
      assertEquals(List.of("true"), strings(conn, "SELECT (max(xid_mark) < 0)::text FROM stock_movements"));
    }
  }

  static void product(Connection conn, UUID id, String sku) throws SQLException {
    conn.createStatement().execute("INSERT INTO products (id, sku, title, currency, price_amount, cost_amount, status)"
      + " VALUES ('" + id + "', '" + sku + "', 'Product', 'USD', 100, 50, 'active')");
    conn.createStatement().execute("INSERT INTO inventory (product_id) VALUES ('" + id + "')");
  }

  static void movement(Connection conn, UUID product, int delta, int reservedDelta, String reason, int onHand,
                       int reserved, String at) throws SQLException {
    try (var insert = conn.prepareStatement("INSERT INTO stock_movements (id, product_id, delta, reserved_delta, reason,"
      + " on_hand, reserved, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?::timestamptz)")) {
      insert.setObject(1, UUID.randomUUID());
      insert.setObject(2, product);
      insert.setInt(3, delta);
      insert.setInt(4, reservedDelta);
      insert.setString(5, reason);
      insert.setInt(6, onHand);
      insert.setInt(7, reserved);
      insert.setString(8, at);
      insert.execute();
    }
  }

  static List<String> strings(Connection conn, String sql) throws SQLException {
    var found = new ArrayList<String>();
    try (var rows = conn.createStatement().executeQuery(sql)) {
      while (rows.next()) {
        found.add(rows.getString(1));
      }
    }
    return found;
  }
}
