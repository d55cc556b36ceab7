package com.shopifygenie.accounting;

import com.shopifygenie.platform.Ids;
import com.shopifygenie.platform.ListHorizon;
import com.shopifygenie.platform.PageCursor;
import com.shopifygenie.platform.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** All SQL of the journal: entries and their lines, written once and never changed. */
final class JournalStore {

  private static final String ENTRY = "SELECT e.id, e.posted_on, e.description, e.source, e.currency, e.event_id,"
    + " e.order_id, e.reverses, e.created_by, e.created_at FROM journal_entries e";

  /** Filters of the journal's list; null means any. to is exclusive. */
  record EntryFilter(String accountCode, String currency, String source, LocalDate from, LocalDate to) {}

  /**
   * Writes the entry and its lines in the caller's transaction; the database checks the balance at
   * commit. A line on an account of another currency than the entry's is refused here.
   */
  Future<JournalEntry> insert(SqlClient tx, NewEntry entry) {
    var id = Ids.next();
    var lines = new ArrayList<Tuple>();
    for (int i = 0; i < entry.lines().size(); i++) {
      var line = entry.lines().get(i);
      lines.add(Tuple.of(id, i + 1, line.accountCode(), line.side() == Side.DEBIT ? line.amount() : 0L,
        line.side() == Side.CREDIT ? line.amount() : 0L, entry.currency()));
    }
    return tx.preparedQuery("INSERT INTO journal_entries (id, posted_on, description, source, currency, event_id,"
        + " order_id, reverses, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING created_at")
      .execute(Tuple.of(id, entry.postedOn(), entry.description(), entry.source(), entry.currency(), entry.eventId(),
        entry.orderId(), entry.reverses(), entry.createdBy()))
      .compose(inserted -> tx.preparedQuery("INSERT INTO journal_lines (entry_id, line_no, account_id, debit, credit)"
          + " SELECT $1, $2, a.id, $4, $5 FROM accounts a WHERE a.code = $3 AND a.currency = $6")
        .executeBatch(lines)
        .compose(written -> allWritten(written, entry))
        .map(v -> new JournalEntry(id, entry.postedOn(), entry.description(), entry.source(), entry.currency(),
          entry.eventId(), entry.orderId(), entry.reverses(), entry.createdBy(),
          inserted.iterator().next().getOffsetDateTime("created_at"), entry.lines())));
  }

  /** A batch answers one row set per line: a line that found no account of the entry's currency wrote nothing. */
  private static Future<Void> allWritten(RowSet<Row> written, NewEntry entry) {
    var result = written;
    for (var line : entry.lines()) {
      if (result == null || result.rowCount() != 1) {
        return Future.failedFuture(new IllegalStateException("no account " + line.accountCode() + " in "
          + entry.currency()));
      }
      result = result.next();
    }
    return Future.succeededFuture();
  }

  Future<Optional<JournalEntry>> byId(SqlClient client, UUID id) {
    return client.preparedQuery(ENTRY + " WHERE e.id = $1").execute(Tuple.of(id))
      .compose(rows -> withLines(client, Rows.all(rows, JournalStore::entry)))
      .map(found -> found.stream().findFirst());
  }

  /**
   * Oldest first; one entry more than asked tells whether another page follows. Only entries before
   * the {@link ListHorizon}, so a client following the journal misses none committed late.
   */
  Future<List<JournalEntry>> page(SqlClient client, EntryFilter filter, PageCursor after, int limit) {
    return ListHorizon.read(client).compose(horizon -> client.preparedQuery(ENTRY
        + " WHERE ($1::text IS NULL OR EXISTS (SELECT 1 FROM journal_lines l JOIN accounts a ON a.id = l.account_id"
        + "   WHERE l.entry_id = e.id AND a.code = $1))"
        + " AND ($2::text IS NULL OR e.source = $2)"
        + " AND ($3::date IS NULL OR e.posted_on >= $3)"
        + " AND ($4::date IS NULL OR e.posted_on < $4)"
        + " AND ($5::timestamptz IS NULL OR (e.created_at, e.id) > ($5, $6))"
        + " AND ($8::text IS NULL OR e.currency = $8)"
        + " AND e.created_at < $9"
        + " ORDER BY e.created_at, e.id LIMIT $7")
      .execute(Tuple.from(new Object[] {filter.accountCode(), filter.source(), filter.from(), filter.to(), after.time(),
        after.id(), limit + 1, filter.currency(), horizon})))
      .compose(rows -> withLines(client, Rows.all(rows, JournalStore::entry)));
  }

  private Future<List<JournalEntry>> withLines(SqlClient client, List<JournalEntry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture(entries);
    }
    return client.preparedQuery("SELECT l.entry_id, a.code, l.debit, l.credit FROM journal_lines l"
        + " JOIN accounts a ON a.id = l.account_id WHERE l.entry_id = ANY($1) ORDER BY l.entry_id, l.line_no")
      .execute(Tuple.of(entries.stream().map(JournalEntry::id).toArray(UUID[]::new)))
      .map(rows -> {
        var lines = new HashMap<UUID, List<JournalLine>>();
        rows.forEach(row -> {
          var debit = row.getLong("debit");
          var line = debit > 0 ? JournalLine.debit(row.getString("code"), debit)
            : JournalLine.credit(row.getString("code"), row.getLong("credit"));
          lines.computeIfAbsent(row.getUUID("entry_id"), k -> new ArrayList<>()).add(line);
        });
        return entries.stream().map(e -> e.withLines(lines.getOrDefault(e.id(), List.of()))).toList();
      });
  }

  private static JournalEntry entry(Row row) {
    return new JournalEntry(row.getUUID("id"), row.getLocalDate("posted_on"), row.getString("description"),
      row.getString("source"), row.getString("currency"), row.getUUID("event_id"), row.getUUID("order_id"),
      row.getUUID("reverses"), row.getUUID("created_by"), row.getOffsetDateTime("created_at"), null);
  }
}
