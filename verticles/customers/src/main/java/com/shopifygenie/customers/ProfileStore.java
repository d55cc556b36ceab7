package com.shopifygenie.customers;

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

  private static final String COLUMNS = "id, user_id, email, first_name, last_name, phone, created_at, updated_at";

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

  /**
   * Makes sure a registered customer has a profile before auth's event arrived (its token, or an
   * event of another domain, proves the account exists); a profile there already stays as it is.
   */
  Future<Void> ensureRegistered(SqlClient client, UUID userId) {
    return client.preparedQuery("INSERT INTO profiles (id, user_id) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING")
      .execute(Tuple.of(userId)).mapEmpty();
  }

  Future<Profile> create(SqlClient tx, UUID id, Details details) {
    return tx.preparedQuery("INSERT INTO profiles (id, email, first_name, last_name, phone) VALUES ($1, $2, $3, $4, $5) "
        + "RETURNING " + COLUMNS)
      .execute(Tuple.of(id, details.email(), details.firstName(), details.lastName(), details.phone()))
      .map(rows -> ProfileStore.profile(rows.iterator().next()));
  }

  Future<Optional<Profile>> byId(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM profiles WHERE id = $1").execute(Tuple.of(id))
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
        + "WHERE id = $1 RETURNING " + COLUMNS)
      .execute(Tuple.of(id, change.firstName(), change.lastName(), change.email(), change.phone(), clearPhone))
      .map(rows -> ProfileStore.profile(rows.iterator().next()));
  }

  /** Oldest first; one row more than asked tells whether another page follows. */
  Future<List<Profile>> page(SqlClient client, String text, PageCursor after, int limit) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM profiles"
        + " WHERE ($1::text IS NULL OR concat_ws(' ', first_name, last_name) ILIKE $1 OR email ILIKE $1 OR phone ILIKE $1)"
        + " AND ($2::timestamptz IS NULL OR (created_at, id) > ($2, $3))"
        + " ORDER BY created_at, id LIMIT $4")
      .execute(Tuple.of(text == null ? null : containing(text), after.time(), after.id(), limit + 1))
      .map(rows -> Rows.all(rows, ProfileStore::profile));
  }

  /** An ILIKE pattern matching the text anywhere, its %, _ and \ taken literally (\ is ILIKE's escape). */
  static String containing(String text) {
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private static Profile profile(Row row) {
    return new Profile(row.getUUID("id"), row.getUUID("user_id"), row.getString("email"), row.getString("first_name"),
      row.getString("last_name"), row.getString("phone"), row.getOffsetDateTime("created_at"),
      row.getOffsetDateTime("updated_at"));
  }
}
