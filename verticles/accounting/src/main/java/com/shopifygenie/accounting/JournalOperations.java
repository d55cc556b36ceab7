package com.shopifygenie.accounting;

import com.shopifygenie.platform.IdempotencyKeys;
import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Page;
import com.shopifygenie.platform.PageCursor;
import com.shopifygenie.platform.Problem;
import com.shopifygenie.platform.SqlStates;
import com.shopifygenie.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** The journal operations of schemas/openapi/accounting.yaml: manual entries, reversals, the list, closing periods. */
final class JournalOperations {

  private final Pool pool;
  private final AccountStore accounts;
  private final JournalStore journal;
  private final PeriodStore periods;
  private final Ledger ledger;
  private final IdempotencyKeys idempotency;

  JournalOperations(Pool pool, AccountStore accounts, JournalStore journal, PeriodStore periods, Ledger ledger,
                    IdempotencyKeys idempotency) {
    this.pool = pool;
    this.accounts = accounts;
    this.journal = journal;
    this.periods = periods;
    this.ledger = ledger;
    this.idempotency = idempotency;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of(
      "createJournalEntry", this::createJournalEntry,
      "listJournalEntries", this::listJournalEntries,
      "getJournalEntry", this::getJournalEntry,
      "reverseJournalEntry", this::reverseJournalEntry,
      "closePeriod", this::closePeriod);
  }

  /**
   * A manual entry by staff: every account known in the entry's currency (see {@link EntryCurrency}),
   * debits equal to credits, dated in an open period. The database checks the balance again at
   * commit, and that every line is on an account of the entry's currency.
   */
  Future<OperationResponse> createJournalEntry(OperationRequest req) {
    var body = req.bodyObject();
    var postedOn = Dates.body(body.getString("posted_on"), "/posted_on", Dates.today());
    var lines = body.getJsonArray("lines").stream().map(JsonObject.class::cast)
      .map(l -> new JournalLine(l.getString("account_code"), Side.fromWire(l.getString("side")), l.getLong("amount")))
      .toList();
    if (!JournalLine.balanced(lines)) {
      return Future.failedFuture(Problem.unprocessable("/lines", "balanced", "Debits (" + JournalLine.total(lines, Side.DEBIT)
        + ") must equal credits (" + JournalLine.total(lines, Side.CREDIT) + ")"));
    }
    var codes = lines.stream().map(JournalLine::accountCode).distinct().toList();
    return refusedInAClosedPeriod(idempotency.once(req, tx -> accounts.byCodes(tx, codes)
      .map(found -> EntryCurrency.of(body.getString("currency"), lines, found))
      .compose(currency -> open(tx, postedOn).compose(v -> ledger.post(tx, new NewEntry(postedOn,
        body.getString("description"), "manual", currency, null, null, null, req.caller().userId(), lines))))
      .map(JournalOperations::created)));
  }

  private Future<Void> open(SqlConnection tx, LocalDate day) {
    return ledger.isOpen(tx, day).compose(open -> open ? Future.<Void>succeededFuture()
      : Future.failedFuture(closedPeriod(day)));
  }

  /** A period closed while the entry was written: the database refused it (see the migration). */
  private static Future<OperationResponse> refusedInAClosedPeriod(Future<OperationResponse> posting) {
    return posting.recover(e -> Future.failedFuture(e instanceof PgException pg
      && "journal_entries_open_period".equals(pg.getConstraint()) ? Problem.conflict(pg.getErrorMessage()) : e));
  }

  private static Problem closedPeriod(LocalDate day) {
    return Problem.conflict("The period " + Period.of(day) + " is closed: nothing more is posted on " + day);
  }

  /** A reversing entry, today: every line on the other side. An entry is reversed once. */
  Future<OperationResponse> reverseJournalEntry(OperationRequest req) {
    var id = UUID.fromString(req.pathParam("entry_id"));
    var description = req.bodyObject().getString("description");
    var today = Dates.today();
    return refusedInAClosedPeriod(idempotency.once(req, tx -> journal.byId(tx, id).compose(found -> {
        if (found.isEmpty()) {
          return Future.failedFuture(Problem.notFound("journal entry", id));
        }
        var entry = found.get();
        var lines = new ArrayList<JournalLine>();
        entry.lines().forEach(line -> lines.add(line.reversed()));
        return open(tx, today).compose(v -> ledger.post(tx, new NewEntry(today,
          description == null ? "Reversal of " + entry.id() + ": " + entry.description() : description, "reversal",
          entry.currency(), null, entry.orderId(), entry.id(), req.caller().userId(), lines)));
      }).map(JournalOperations::created)))
      .recover(e -> Future.failedFuture(SqlStates.isUniqueViolation(e)
        ? Problem.conflict("The journal entry " + id + " is reversed already") : e));
  }

  Future<OperationResponse> getJournalEntry(OperationRequest req) {
    var id = UUID.fromString(req.pathParam("entry_id"));
    return journal.byId(pool, id).compose(found -> found.map(e -> Future.succeededFuture(OperationResponse.ok(e.toJson())))
      .orElseGet(() -> Future.failedFuture(Problem.notFound("journal entry", id))));
  }

  Future<OperationResponse> listJournalEntries(OperationRequest req) {
    var query = req.query();
    var limit = query.getInteger("limit", 20);
    var after = PageCursor.decode(req);
    var period = query.getString("period") == null ? null : period(query.getString("period"), "query.period");
    var filter = new JournalStore.EntryFilter(query.getString("account_code"), query.getString("currency"),
      query.getString("source"), period == null ? null : period.firstDay(), period == null ? null : period.end());
    return journal.page(pool, filter, after, limit)
      .map(found -> OperationResponse.ok(Page.of(found, limit, JournalEntry::toJson,
        last -> new PageCursor(last.createdAt(), last.id()).encode(req))));
  }

  /** Closes a month for good: manual entries dated in it are refused, postings from events land in the next open one. */
  Future<OperationResponse> closePeriod(OperationRequest req) {
    var period = period(req.pathParam("period"), "period");
    return pool.withTransaction(tx -> periods.close(tx, period, req.caller().userId()))
      .compose(closed -> closed.map(at -> Future.succeededFuture(OperationResponse.ok(new JsonObject()
          .put("period", period.toString()).put("status", "closed").put("closed_at", Times.format(at))
          .put("closed_by", req.caller().userId().toString()))))
        .orElseGet(() -> Future.failedFuture(Problem.conflict("The period " + period + " is closed already"))));
  }

  private static Period period(String name, String field) {
    try {
      return Period.parse(name);
    } catch (IllegalArgumentException e) {
      throw Problem.validation(field, "pattern", "A period is a month written yyyy-mm, such as 2026-01");
    }
  }

  private static OperationResponse created(JournalEntry entry) {
    return OperationResponse.created(entry.toJson(), "/accounting/journal-entries/" + entry.id());
  }
}
