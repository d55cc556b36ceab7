package com.shopifygenie.accounting;

import com.shopifygenie.platform.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.time.LocalDate;

/**
 * The one way entries reach the journal: the entry, its lines and journal_entry.posted, in the
 * caller's transaction, dated where the periods allow.
 */
final class Ledger {

  private final JournalStore journal;
  private final PeriodStore periods;

  Ledger(JournalStore journal, PeriodStore periods) {
    this.journal = journal;
    this.periods = periods;
  }

  Future<JournalEntry> post(SqlClient tx, NewEntry entry) {
    return journal.insert(tx, entry)
      .compose(posted -> Outbox.append(tx, AccountingEvents.posted(posted)).map(posted));
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
