package com.shopifygenie.accounting;

import com.shopifygenie.platform.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one way entries reach the journal: the entry, its lines and journal_entry.posted, in the
 * caller's transaction, dated where the periods allow; for a posting from an event, on its
 * currency's chart, opened in the same transaction when the currency has none yet.
 */
final class Ledger {

  private final AccountStore accounts;
  private final JournalStore journal;
  private final PeriodStore periods;
  /**
   * Currencies whose whole chart, every account fit for postings, a committed transaction saw.
   * Accounts are never changed nor deleted, so postings in these need not look again: the hot path
   * costs no statement more than before charts per currency.
   */
  private final Set<String> openCharts = ConcurrentHashMap.newKeySet();

  Ledger(AccountStore accounts, JournalStore journal, PeriodStore periods) {
    this.accounts = accounts;
    this.journal = journal;
    this.periods = periods;
  }

  Future<JournalEntry> post(SqlClient tx, NewEntry entry) {
    return journal.insert(tx, entry)
      .compose(posted -> Outbox.append(tx, AccountingEvents.posted(posted)).map(posted));
  }

  /**
   * An entry on the chart's accounts (see {@link Postings}), in a currency whose chart is opened
   * first if it lacks any of them. An account staff added under one of the chart's codes before
   * is used only if it is of the chart's type and side: otherwise the posting fails, saying which
   * account does not fit, and nothing of it is written.
   */
  Future<JournalEntry> postOnTheChart(SqlConnection tx, NewEntry entry) {
    return chartOf(tx, entry.currency(), Chart.neededBy(entry.lines())).compose(v -> post(tx, entry));
  }

  private Future<Void> chartOf(SqlConnection tx, String currency, List<Chart.Seeded> needed) {
    if (openCharts.contains(currency)) {
      return Future.succeededFuture();
    }
    return accounts.openChart(tx, currency)
      .compose(v -> accounts.byCodes(tx, currency, Chart.codes()))
      .compose(found -> {
        var unfit = Chart.unfit(needed, found, currency);
        if (unfit.isPresent()) {
          return Future.failedFuture(new IllegalStateException(unfit.get()));
        }
        var transaction = tx.transaction();
        if (Chart.complete(found) && transaction != null) {
          // only once committed: a chart this transaction opened is gone if it rolls back
          transaction.completion().onSuccess(committed -> openCharts.add(currency));
        }
        return Future.succeededFuture();
      });
  }

  /** Where a posting caused by an event on this day lands: that day, or the first open period after it. */
  Future<LocalDate> landing(SqlClient tx, LocalDate day) {
    return periods.closedFrom(tx, Period.of(day)).map(closed -> Period.landing(day, closed));
  }

  /** Whether a manual posting may be dated on this day. */
  Future<Boolean> isOpen(SqlClient tx, LocalDate day) {
    return periods.closedFrom(tx, Period.of(day)).map(closed -> !closed.contains(Period.of(day)));
  }
}
