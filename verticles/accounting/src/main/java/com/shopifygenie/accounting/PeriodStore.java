package com.shopifygenie.accounting;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** All SQL of accounting periods: which are closed. */
final class PeriodStore {

  /** The closed periods from this one on: where a posting dated in it could be pushed to. */
  Future<Set<Period>> closedFrom(SqlClient client, Period from) {
    return client.preparedQuery("SELECT period FROM closed_periods WHERE period >= $1")
      .execute(Tuple.of(from.toString()))
      .map(rows -> {
        var closed = new HashSet<Period>();
        rows.forEach(row -> closed.add(Period.parse(row.getString("period"))));
        return closed;
      });
  }

  /**
   * Closes a period; empty when it was closed already. The exclusive lock waits for postings in
   * flight (each holds it shared, see the migration) and keeps new ones out until this commits.
   */
  Future<Optional<OffsetDateTime>> close(SqlClient tx, Period period, UUID by) {
    return tx.query("SELECT pg_advisory_xact_lock(hashtext('accounting.periods'))").execute()
      .compose(v -> tx.preparedQuery("INSERT INTO closed_periods (period, closed_by) VALUES ($1, $2)"
          + " ON CONFLICT (period) DO NOTHING RETURNING closed_at")
        .execute(Tuple.of(period.toString(), by)))
      .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getOffsetDateTime("closed_at")));
  }
}
