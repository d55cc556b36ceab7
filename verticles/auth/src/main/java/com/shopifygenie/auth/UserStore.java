package com.shopifygenie.auth;

import com.shopifygenie.platform.PageCursor;
import com.shopifygenie.platform.Problem;
import com.shopifygenie.platform.Role;
import com.shopifygenie.platform.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import com.shopifygenie.platform.SqlStates;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** All SQL of the users aggregate. */
final class UserStore {

  private static final String COLUMNS = "id, email, password_hash, role, status, token_version, created_at, updated_at";

  /** Inserts a user; a taken email is a 409. */
  Future<User> insert(SqlClient client, UUID id, String email, String passwordHash, Role role) {
    return client.preparedQuery("INSERT INTO users (id, email, password_hash, role) VALUES ($1, $2, $3, $4) RETURNING "
        + COLUMNS)
      .execute(Tuple.of(id, email, passwordHash, role.wireName()))
      .map(rows -> Rows.first(rows, UserStore::user).orElseThrow())
      .recover(e -> SqlStates.isUniqueViolation(e)
        ? Future.failedFuture(Problem.conflict("A user with email " + email + " already exists"))
        : Future.failedFuture(e));
  }

  /** Inserts unless the email is taken; the user when it inserted. */
  Future<Optional<User>> insertIfAbsent(SqlClient client, UUID id, String email, String passwordHash, Role role) {
    return client.preparedQuery("INSERT INTO users (id, email, password_hash, role) VALUES ($1, $2, $3, $4) "
        + "ON CONFLICT (email) DO NOTHING RETURNING " + COLUMNS)
      .execute(Tuple.of(id, email, passwordHash, role.wireName()))
      .map(rows -> Rows.first(rows, UserStore::user));
  }

  /** Locks the active super admins (in id order, so lockers never deadlock); their ids. */
  Future<Set<UUID>> lockActiveSuperAdmins(SqlClient tx) {
    return tx.preparedQuery("SELECT id FROM users WHERE role = 'super_admin' AND status = 'active' ORDER BY id FOR UPDATE")
      .execute()
      .map(rows -> Set.copyOf(Rows.all(rows, row -> row.getUUID("id"))));
  }

  Future<Optional<User>> byEmail(SqlClient client, String email) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM users WHERE email = $1")
      .execute(Tuple.of(email)).map(rows -> Rows.first(rows, UserStore::user));
  }

  Future<Optional<User>> byId(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM users WHERE id = $1")
      .execute(Tuple.of(id)).map(rows -> Rows.first(rows, UserStore::user));
  }

  /** Locks the row for the rest of the transaction. */
  Future<Optional<User>> byIdForUpdate(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM users WHERE id = $1 FOR UPDATE")
      .execute(Tuple.of(id)).map(rows -> Rows.first(rows, UserStore::user));
  }

  /**
   * Holds the row against changes for the rest of the transaction, letting other holders in: what
   * touches a user's refresh tokens holds or locks the user first, so a refresh and a logout or a
   * disabling of the same user take turns instead of missing each other's tokens or deadlocking.
   */
  Future<Optional<User>> byIdForShare(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM users WHERE id = $1 FOR SHARE")
      .execute(Tuple.of(id)).map(rows -> Rows.first(rows, UserStore::user));
  }

  Future<Boolean> anyWithRole(SqlClient client, Role role) {
    return client.preparedQuery("SELECT 1 FROM users WHERE role = $1 LIMIT 1")
      .execute(Tuple.of(role.wireName())).map(rows -> rows.size() > 0);
  }

  Future<User> update(SqlClient client, UUID id, Role role, UserStatus status) {
    // a change that changes nothing (disabled again) leaves the user as it was, its time included;
    // any other starts a new generation of access tokens
    return client.preparedQuery("UPDATE users SET role = $2, status = $3, updated_at = CASE WHEN role = $2 "
        + "AND status = $3 THEN updated_at ELSE now() END, token_version = token_version + CASE WHEN role = $2 "
        + "AND status = $3 THEN 0 ELSE 1 END WHERE id = $1 RETURNING " + COLUMNS)
      .execute(Tuple.of(id, role.wireName(), status.wireName()))
      .map(rows -> Rows.first(rows, UserStore::user).orElseThrow());
  }

  /** The users whose role or status changed within these seconds, with their token versions. */
  Future<List<JsonObject>> outdatedWithin(SqlClient client, long seconds) {
    return client.preparedQuery("SELECT id, token_version FROM users WHERE token_version > 0"
        + " AND updated_at > now() - $1 * interval '1 second'")
      .execute(Tuple.of(seconds))
      .map(rows -> Rows.all(rows, row -> new JsonObject().put("user_id", row.getUUID("id").toString())
        .put("token_version", row.getInteger("token_version"))));
  }

  /** Gives the user another email; one another user has (in any case: emails are kept lower-case) is a 409. */
  Future<User> changeEmail(SqlClient client, UUID id, String email) {
    return client.preparedQuery("UPDATE users SET email = $2, updated_at = now() WHERE id = $1 RETURNING " + COLUMNS)
      .execute(Tuple.of(id, email))
      .map(rows -> Rows.first(rows, UserStore::user).orElseThrow())
      .recover(e -> SqlStates.isUniqueViolation(e)
        ? Future.failedFuture(Problem.conflict("A user with email " + email + " already exists"))
        : Future.failedFuture(e));
  }

  /** Newest first; fetches one row more than asked to know whether another page follows. */
  Future<List<User>> page(SqlClient client, UserFilter filter, PageCursor after, int limit) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM users"
        + " WHERE ($1::text IS NULL OR role = $1)"
        + " AND ($2::text IS NULL OR status = $2)"
        + " AND ($3::text IS NULL OR starts_with(email, $3))"
        + " AND ($4::timestamptz IS NULL OR (created_at, id) < ($4, $5))"
        + " ORDER BY created_at DESC, id DESC LIMIT $6")
      .execute(Tuple.of(filter.role() == null ? null : filter.role().wireName(),
        filter.status() == null ? null : filter.status().wireName(),
        filter.emailPrefix(),
        after.time(), after.id(), limit + 1))
      .map(rows -> Rows.all(rows, UserStore::user));
  }

  record UserFilter(Role role, UserStatus status, String emailPrefix) {}

  private static User user(Row row) {
    return new User(row.getUUID("id"), row.getString("email"), row.getString("password_hash"),
      Role.fromWire(row.getString("role")), UserStatus.fromWire(row.getString("status")),
      row.getInteger("token_version"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
  }
}
