package com.shopifygenie.customers;

import com.shopifygenie.platform.ListHorizon;
import com.shopifygenie.platform.PageCursor;
import com.shopifygenie.platform.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** All SQL of the profiles aggregate. */
final class ProfileStore {

  /** A profile with its loyalty tier (bronze until its account opens) and its RFM scores and segment. */
  private static final String SELECT = "SELECT p.id, p.user_id, p.email, p.first_name, p.last_name, p.phone, "
    + "p.created_at, p.updated_at, coalesce(a.tier, 'bronze') AS tier, "
    + "s.recency_score, s.frequency_score, s.monetary_score, s.segment "
    + "FROM profiles p LEFT JOIN loyalty_accounts a ON a.customer_id = p.id "
    + "LEFT JOIN customer_scores s ON s.customer_id = p.id";

  /** What a list is narrowed to; null: any. */
  record Filter(String text, Tier tier, Segment segment) {}

  /** What staff give for a new profile, and what a change names (null: unchanged). */
  record Details(String firstName, String lastName, String email, String phone) {}

  /**
   * The profile of a registered customer with auth's email. One made earlier (the customer came
   * first, or a payment did) gets the email; a later email from auth replaces it.
   */
  Future<Void> registered(SqlClient tx, UUID userId, String email) {
    return tx.preparedQuery("INSERT INTO profiles (id, user_id, email) VALUES ($1, $1, $2) "
        + "ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, user_id = EXCLUDED.user_id, updated_at = now()")
      .execute(Tuple.of(userId, email)).mapEmpty();
  }

  /** Auth's new email for its user; a user without a profile here (staff) has none to change. */
  Future<Void> emailChanged(SqlClient tx, UUID userId, String email) {
    return tx.preparedQuery("UPDATE profiles SET email = $2, updated_at = now() WHERE id = $1 AND user_id = $1")
      .execute(Tuple.of(userId, email)).mapEmpty();
  }

  /**
   * Makes sure a registered customer has a profile before auth's event arrived (its token, or an
   * event of another domain, proves the account exists); a profile there already stays as it is.
   */
  Future<Void> ensureRegistered(SqlClient client, UUID userId) {
    return client.preparedQuery("INSERT INTO profiles (id, user_id) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING")
      .execute(Tuple.of(userId)).mapEmpty();
  }

  Future<Profile> create(SqlClient tx, UUID id, Details details) {
    return tx.preparedQuery("INSERT INTO profiles (id, email, first_name, last_name, phone) VALUES ($1, $2, $3, $4, $5)")
      .execute(Tuple.of(id, details.email(), details.firstName(), details.lastName(), details.phone()))
      .compose(v -> byId(tx, id)).map(Optional::orElseThrow);
  }

  Future<Optional<Profile>> byId(SqlClient client, UUID id) {
    return client.preparedQuery(SELECT + " WHERE p.id = $1").execute(Tuple.of(id))
      .map(rows -> Rows.first(rows, ProfileStore::profile));
  }

  /** Locks the profile, so changes to what hangs off it (addresses, defaults) follow one another. */
  Future<Void> lock(SqlClient tx, UUID id) {
    return tx.preparedQuery("SELECT id FROM profiles WHERE id = $1 FOR UPDATE").execute(Tuple.of(id)).mapEmpty();
  }

  /** Whether another profile than {@code except} has this email, in any case. */
  Future<Boolean> emailTaken(SqlClient client, String email, UUID except) {
    return client.preparedQuery("SELECT 1 FROM profiles WHERE lower(email) = lower($1) AND id IS DISTINCT FROM $2")
      .execute(Tuple.of(email, except)).map(rows -> rows.size() > 0);
  }

  /** Applies a change; a null field stays as it was, except the phone when {@code clearPhone}. */
  Future<Profile> update(SqlClient tx, UUID id, Details change, boolean clearPhone) {
    return tx.preparedQuery("UPDATE profiles SET first_name = coalesce($2, first_name), "
        + "last_name = coalesce($3, last_name), email = coalesce($4, email), "
        + "phone = CASE WHEN $6 THEN NULL ELSE coalesce($5, phone) END, updated_at = now() "
        + "WHERE id = $1")
      .execute(Tuple.of(id, change.firstName(), change.lastName(), change.email(), change.phone(), clearPhone))
      .compose(v -> byId(tx, id)).map(Optional::orElseThrow);
  }

  /**
   * Oldest first; one row more than asked tells whether another page follows. Only profiles before
   * the {@link ListHorizon}, so a client following the list misses none committed late.
   */
  Future<List<Profile>> page(SqlClient client, Filter filter, PageCursor after, int limit) {
    return ListHorizon.read(client).compose(horizon -> client.preparedQuery(SELECT
        + " WHERE ($1::text IS NULL OR concat_ws(' ', p.first_name, p.last_name) ILIKE $1 OR p.email ILIKE $1"
        + " OR p.phone ILIKE $1)"
        + " AND ($2::timestamptz IS NULL OR (p.created_at, p.id) > ($2, $3))"
        + " AND ($5::text IS NULL OR coalesce(a.tier, 'bronze') = $5)"
        + " AND ($6::text IS NULL OR s.segment = $6)"
        + " AND p.created_at < $7"
        + " ORDER BY p.created_at, p.id LIMIT $4")
      .execute(Tuple.of(filter.text() == null ? null : containing(filter.text()), after.time(), after.id(), limit + 1,
        filter.tier() == null ? null : filter.tier().wireName(),
        filter.segment() == null ? null : filter.segment().wireName(), horizon)))
      .map(rows -> Rows.all(rows, ProfileStore::profile));
  }

  /** An ILIKE pattern matching the text anywhere, its %, _ and \ taken literally (\ is ILIKE's escape). */
  static String containing(String text) {
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private static Profile profile(Row row) {
    return new Profile(row.getUUID("id"), row.getUUID("user_id"), row.getString("email"), row.getString("first_name"),
      row.getString("last_name"), row.getString("phone"), row.getOffsetDateTime("created_at"),
      row.getOffsetDateTime("updated_at"), Tier.fromWire(row.getString("tier")), rfm(row));
  }

  private static Rfm rfm(Row row) {
    var segment = row.getString("segment");
    return segment == null ? Rfm.NONE : new Rfm(row.getInteger("recency_score"), row.getInteger("frequency_score"),
      row.getInteger("monetary_score"), Segment.fromWire(segment));
  }
}
