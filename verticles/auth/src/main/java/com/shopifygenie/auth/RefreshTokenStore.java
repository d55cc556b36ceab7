package com.shopifygenie.auth;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** All SQL of refresh tokens and their families. */
final class RefreshTokenStore {

  /** What spending a token found: the token's family and user, and whether it was still good. */
  record Spent(UUID familyId, UUID userId, boolean wasActive) {}

  Future<Void> insert(SqlClient client, RefreshToken token, UUID familyId, UUID userId, OffsetDateTime expiresAt) {
    return client.preparedQuery("INSERT INTO refresh_tokens (token_hash, family_id, user_id, status, expires_at) "
        + "VALUES ($1, $2, $3, 'active', $4)")
      .execute(Tuple.of(Buffer.buffer(token.digest()), familyId, userId, expiresAt))
      .mapEmpty();
  }

  /**
   * Marks a token spent. Only one of two concurrent refreshes with the same token wins the
   * conditional update; the other sees it spent, as a replayed stolen token would.
   */
  Future<Optional<Spent>> spend(SqlClient client, RefreshToken token) {
    return client.preparedQuery("UPDATE refresh_tokens SET status = 'rotated', spent_at = now() "
        + "WHERE token_hash = $1 AND status = 'active' AND expires_at > now() RETURNING family_id, user_id")
      .execute(Tuple.of(Buffer.buffer(token.digest())))
      .compose(rows -> {
        if (rows.size() == 1) {
          var row = rows.iterator().next();
          return Future.succeededFuture(Optional.of(new Spent(row.getUUID("family_id"), row.getUUID("user_id"), true)));
        }
        return client.preparedQuery("SELECT family_id, user_id FROM refresh_tokens WHERE token_hash = $1")
          .execute(Tuple.of(Buffer.buffer(token.digest())))
          .map(found -> found.size() == 0 ? Optional.<Spent>empty()
            : Optional.of(new Spent(found.iterator().next().getUUID("family_id"),
                found.iterator().next().getUUID("user_id"), false)));
      });
  }

  /** The user a token was issued to, if it is known. */
  Future<Optional<UUID>> ownerOf(SqlClient client, RefreshToken token) {
    return client.preparedQuery("SELECT user_id FROM refresh_tokens WHERE token_hash = $1")
      .execute(Tuple.of(Buffer.buffer(token.digest())))
      .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID("user_id")));
  }

  Future<Void> revokeFamily(SqlClient client, UUID familyId) {
    return client.preparedQuery("UPDATE refresh_tokens SET status = 'revoked' WHERE family_id = $1 AND status = 'active'")
      .execute(Tuple.of(familyId)).mapEmpty();
  }

  Future<Void> revokeFamilyOf(SqlClient client, RefreshToken token) {
    return client.preparedQuery("UPDATE refresh_tokens SET status = 'revoked' WHERE status = 'active' AND family_id = "
        + "(SELECT family_id FROM refresh_tokens WHERE token_hash = $1)")
      .execute(Tuple.of(Buffer.buffer(token.digest()))).mapEmpty();
  }

  Future<Void> revokeAllOf(SqlClient client, UUID userId) {
    return client.preparedQuery("UPDATE refresh_tokens SET status = 'revoked' WHERE user_id = $1 AND status = 'active'")
      .execute(Tuple.of(userId)).mapEmpty();
  }
}
