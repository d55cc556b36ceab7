package com.shopifygenie.accounting;

import com.shopifygenie.platform.DomainEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.accounting.AccountingSystem.line;
import static com.shopifygenie.accounting.AccountingSystem.sold;
import static com.shopifygenie.accounting.AccountingSystem.paymentProcessed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shop whose books were kept before there were charts per currency (the first migration alone):
 * a dollar entry, and two euro postings parked for want of euro accounts. Accounting starts on it,
 * migrates it, and keeps what it found; the parked postings post when replayed.
 */
@ExtendWith(VertxExtension.class)
class ChartMigrationTest {

  static final UUID ORDER = UUID.randomUUID();
  static final DomainEvent PAID = paymentProcessed("EUR", ORDER, 2_500, line("EUR", UUID.randomUUID(), 1, 2_500, 900));
  static final DomainEvent SHIPPED = sold("EUR", UUID.randomUUID(), ORDER, 1, 900, 0);
  static final UUID OWNER_PAID_IN = UUID.randomUUID();

  static AccountingSystem accounting;

  @BeforeAll
  static void start(Vertx vertx) {
    accounting = AccountingSystem.start(vertx, ChartMigrationTest::booksOfTheFirstVersion);
  }

  @AfterAll
  static void stop() {
    accounting.stop();
  }

  /** Accounting's database migrated to version 1, with what that version wrote and parked. */
  static void booksOfTheFirstVersion(JsonObject settings) {
    var db = settings.getJsonObject("db");
    var server = PgConnectOptions.fromUri(db.getString("url"));
    var name = db.getString("prefix") + "accounting";
    var jdbc = "jdbc:postgresql://" + server.getHost() + ":" + server.getPort() + "/";
    try (var postgres = DriverManager.getConnection(jdbc + "postgres", server.getUser(), server.getPassword())) {
      postgres.createStatement().execute("CREATE DATABASE \"" + name + "\"");
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    for (var migration : List.of(new String[] {"db/platform", "platform_schema_history", "latest"},
      new String[] {"db/accounting", "flyway_schema_history", "1"})) {
      Flyway.configure(ChartMigrationTest.class.getClassLoader())
        .dataSource(jdbc + name, server.getUser(), server.getPassword())
        .locations("classpath:" + migration[0]).table(migration[1]).baselineOnMigrate(true).baselineVersion("0")
        .target(migration[2]).load().migrate();
    }
    try (var books = DriverManager.getConnection(jdbc + name, server.getUser(), server.getPassword())) {
      books.setAutoCommit(false);
      var statement = books.createStatement();
      statement.execute("INSERT INTO journal_entries (id, posted_on, description, source, currency) VALUES ('"
        + OWNER_PAID_IN + "', '2026-01-05', 'Owner pays in', 'manual', 'USD')");
      statement.execute("INSERT INTO journal_lines (entry_id, line_no, account_id, debit, credit) SELECT '" + OWNER_PAID_IN
        + "', 1, id, 500, 0 FROM accounts WHERE code = '1000'");
      statement.execute("INSERT INTO journal_lines (entry_id, line_no, account_id, debit, credit) SELECT '" + OWNER_PAID_IN
        + "', 2, id, 0, 500 FROM accounts WHERE code = '3000'");
      var parked = books.prepareStatement("INSERT INTO dead_letters (id, event_id, type, topic, event, error, attempts)"
        + " VALUES (?, ?, ?, ?, ?::jsonb, ?, 5)");
      for (var event : List.of(PAID, SHIPPED)) {
        parked.setObject(1, UUID.randomUUID());
        parked.setObject(2, event.id());
        parked.setString(3, event.type());
        parked.setString(4, event == PAID ? "payment-events" : "inventory-events");
        parked.setString(5, event.toCloudEvent().encode());
        parked.setString(6, event == PAID ? "no account 1000 in EUR" : "no account 5000 in EUR");
        parked.executeUpdate();
      }
      books.commit();
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theMigrationKeepsTheBooksAndPostingsParkedForWantOfEuroAccountsPostWhenReplayed() {
    assertEquals(List.of("1000 500 0", "3000 0 500"),
      nonZero(accounting.ok("/accounting/reports/trial-balance?as_of=2026-01-31")));
    assertEquals(11, accounting.count("SELECT count(*) FROM accounts WHERE currency = 'USD'"
      + " AND id::text LIKE '00000000-0000-7000-8000-00000000%'"), "the seeded accounts are the ones version 1 wrote");
    assertEquals(1, accounting.count("SELECT count(*) FROM pg_constraint WHERE conname = 'accounts_code_currency_key'"));

    var waiting = accounting.send(HttpMethod.GET, "/accounting/dead-letters", null, accounting.admin, Map.of());
    assertEquals(200, waiting.status(), waiting::toString);
    var letters = waiting.json().getJsonArray("items").stream().map(JsonObject.class::cast).toList();
    assertEquals(2, letters.size());
    for (var letter : letters) {
      var replay = accounting.send(HttpMethod.POST, "/accounting/dead-letters/" + letter.getString("id") + "/replay", null,
        accounting.admin, Map.of());
      assertEquals(200, replay.status(), replay::toString);
      assertTrue(replay.json().getBoolean("applied"), replay::toString);
    }

    assertEquals(2, accounting.count("SELECT count(*) FROM journal_entries WHERE currency = 'EUR' AND event_id = ANY($1)",
      (Object) new UUID[] {PAID.id(), SHIPPED.id()}));
    var euros = accounting.ok("/accounting/reports/trial-balance?currency=EUR");
    assertEquals(List.of("1000 2500 0", "1200 0 900", "4000 0 2500", "5000 900 0"), nonZero(euros));
    assertTrue(euros.getBoolean("balanced"));
    assertEquals(List.of("1000 500 0", "3000 0 500"), nonZero(accounting.ok("/accounting/reports/trial-balance")));
    assertEquals(0, accounting.count("SELECT count(*) FROM dead_letters WHERE replayed_at IS NULL"));
  }

  static List<String> nonZero(JsonObject trialBalance) {
    return BooksPerCurrencyTest.totals(trialBalance).stream().filter(t -> !t.endsWith(" 0 0")).toList();
  }
}
