package com.shopifygenie.accounting;

import com.shopifygenie.platform.Ids;
import com.shopifygenie.platform.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** All SQL of the chart of accounts, and the sums of the journal's lines per account. */
final class AccountStore {

  private static final String ACCOUNT = "a.id, a.code, a.name, a.type, a.normal_side, a.currency, a.created_at";

  /** A new account; its code must be free in its currency (a unique violation otherwise). */
  Future<Account> insert(SqlClient client, String code, String name, AccountType type, Side side, String currency) {
    return client.preparedQuery("INSERT INTO accounts AS a (id, code, name, type, normal_side, currency)"
        + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + ACCOUNT)
      .execute(Tuple.of(Ids.next(), code, name, type.wireName(), side.wireName(), currency))
      .map(rows -> Rows.first(rows, AccountStore::account).orElseThrow());
  }

  /** The accounts of these codes in every currency. */
  Future<List<Account>> byCodes(SqlClient client, List<String> codes) {
    return client.preparedQuery("SELECT " + ACCOUNT + " FROM accounts a WHERE a.code = ANY($1) ORDER BY a.currency, a.code")
      .execute(Tuple.of(codes.toArray(String[]::new)))
      .map(rows -> Rows.all(rows, AccountStore::account));
  }

  /** The accounts of these codes in one currency. */
  Future<List<Account>> byCodes(SqlClient client, String currency, List<String> codes) {
    return client.preparedQuery("SELECT " + ACCOUNT + " FROM accounts a WHERE a.currency = $1 AND a.code = ANY($2)"
        + " ORDER BY a.code")
      .execute(Tuple.tuple().addString(currency).addArrayOfString(codes.toArray(String[]::new)))
      .map(rows -> Rows.all(rows, AccountStore::account));
  }

  /**
   * Adds to a currency's chart every account of {@link Chart#ACCOUNTS} it lacks, in the caller's
   * transaction. Race-safe: a chart another transaction is opening at the same moment makes this
   * one wait for it and then skip its rows (ON CONFLICT on the code in the currency), so two first
   * postings in a currency both land on one set of accounts. An account staff added with a code of
   * the chart is kept as it is (the caller checks it fits).
   */
  Future<Void> openChart(SqlClient tx, String currency) {
    var seeded = Chart.ACCOUNTS;
    return tx.preparedQuery("INSERT INTO accounts (id, code, name, type, normal_side, currency)"
        + " SELECT s.id, s.code, s.name, s.type, s.normal_side, $6"
        + " FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY"
        + "   AS s(id, code, name, type, normal_side, n)"
        + " ORDER BY s.n ON CONFLICT (code, currency) DO NOTHING")
      .execute(Tuple.tuple()
        .addArrayOfUUID(seeded.stream().map(a -> Ids.next()).toArray(UUID[]::new))
        .addArrayOfString(seeded.stream().map(Chart.Seeded::code).toArray(String[]::new))
        .addArrayOfString(seeded.stream().map(Chart.Seeded::name).toArray(String[]::new))
        .addArrayOfString(seeded.stream().map(a -> a.type().wireName()).toArray(String[]::new))
        .addArrayOfString(seeded.stream().map(a -> a.normalSide().wireName()).toArray(String[]::new))
        .addString(currency))
      .mapEmpty();
  }

  /**
   * Every account of a currency (all when null, by currency) with the sums of its lines posted
   * from {@code from} (from the first entry when null) to {@code through}, both days included, by
   * code. The database adds the lines up; nothing but one row per account comes back. A line is in
   * its account's currency (the database refuses any other), so one currency's sums never count
   * another's amounts.
   */
  Future<List<AccountBalance>> balances(SqlClient client, LocalDate from, LocalDate through, String currency) {
    return balances(client, from, through, currency, null);
  }

  /**
   * The balances of the accounts of these types only (all when null): a report is refused for a
   * total past the largest amount only when it is one of the report's own.
   */
  Future<List<AccountBalance>> balances(SqlClient client, LocalDate from, LocalDate through, String currency,
                                        List<AccountType> types) {
    // summed as numeric: the totals of lines that each fit an amount may not (exact() tells)
    return client.preparedQuery("SELECT " + ACCOUNT + ", coalesce(sum(l.debit), 0) AS debit,"
        + " coalesce(sum(l.credit), 0) AS credit"
        + " FROM accounts a LEFT JOIN (journal_lines l JOIN journal_entries e ON e.id = l.entry_id"
        + "   AND ($1::date IS NULL OR e.posted_on >= $1) AND e.posted_on <= $2) ON l.account_id = a.id"
        + " WHERE ($3::text IS NULL OR a.currency = $3) AND ($4::text[] IS NULL OR a.type = ANY($4))"
        + " GROUP BY a.id ORDER BY a.currency, a.code")
      .execute(Tuple.of(from, through, currency)
        .addArrayOfString(types == null ? null : types.stream().map(AccountType::wireName).toArray(String[]::new)))
      .map(rows -> Rows.all(rows, row -> new AccountBalance(account(row), exact(row, "debit"), exact(row, "credit"))));
  }

  /** A total as an amount; past the largest one (2^63 - 1 minor units) an ArithmeticException. */
  private static long exact(Row row, String column) {
    return row.getNumeric(column).bigDecimalValue().longValueExact();
  }

  private static Account account(Row row) {
    return new Account(row.getUUID("id"), row.getString("code"), row.getString("name"),
      AccountType.fromWire(row.getString("type")), Side.fromWire(row.getString("normal_side")),
      row.getString("currency"), row.getOffsetDateTime("created_at"));
  }
}
