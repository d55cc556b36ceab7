package com.shopifygenie.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Idempotency-Key for creating operations: the first answer is stored in the transaction that
 * created the resource, so a retry (even one racing the first request) gets the same answer and
 * never a second resource. The same key with a different request is a 422.
 */
public final class IdempotencyKeys {

  public static final String HEADER = "idempotency-key";
  /** Marks an answer that was stored, not computed now. */
  public static final String REPLAYED = "Idempotent-Replayed";
  private static final UUID ANONYMOUS = new UUID(0, 0);
  private static final RuntimeException ANSWERED_ELSEWHERE = new IllegalStateException("answered by a concurrent request") {
    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  };

  private final Pool pool;

  public IdempotencyKeys(Pool pool) {
    this.pool = pool;
  }

  /** Runs {@code create} in a transaction, at most once per key when the request carries one. */
  public Future<OperationResponse> once(OperationRequest req, Function<SqlConnection, Future<OperationResponse>> create) {
    var key = req.header(HEADER);
    if (key == null) {
      return pool.withTransaction(create);
    }
    var caller = req.caller().isAnonymous() ? ANONYMOUS : req.caller().userId();
    var hash = hash(req);
    return stored(caller, req.operationId(), key, hash).compose(previous -> previous.isPresent()
      ? Future.succeededFuture(previous.get())
      : pool.withTransaction(tx -> claim(tx, caller, req.operationId(), key, hash).compose(claimed -> !claimed
          ? Future.<OperationResponse>failedFuture(ANSWERED_ELSEWHERE)
          : create.apply(tx).compose(response -> tx.preparedQuery(
              "UPDATE idempotency_keys SET status = $4, response = $5 WHERE caller_id = $1 AND operation = $2 AND key = $3")
            .execute(Tuple.of(caller, req.operationId(), key, response.status(), response.toJson()))
            .map(response))))
        .recover(e -> e == ANSWERED_ELSEWHERE
          ? stored(caller, req.operationId(), key, hash).map(Optional::orElseThrow)
          : Future.failedFuture(e)));
  }

  /**
   * Takes the key for this transaction. A concurrent request with the same key waits here until
   * the first one commits (then it finds the key taken and answers the stored response) or rolls
   * back (then it takes the key itself).
   */
  private Future<Boolean> claim(SqlConnection tx, UUID caller, String operation, String key, String hash) {
    return tx.preparedQuery("INSERT INTO idempotency_keys (caller_id, operation, key, request_hash, status, response) "
        + "VALUES ($1, $2, $3, $4, 0, '{}') ON CONFLICT DO NOTHING")
      .execute(Tuple.of(caller, operation, key, hash))
      .map(rows -> rows.rowCount() == 1);
  }

  private Future<Optional<OperationResponse>> stored(UUID caller, String operation, String key, String hash) {
    return pool.preparedQuery("SELECT request_hash, response FROM idempotency_keys "
        + "WHERE caller_id = $1 AND operation = $2 AND key = $3")
      .execute(Tuple.of(caller, operation, key))
      .compose(rows -> {
        if (rows.size() == 0) {
          return Future.succeededFuture(Optional.empty());
        }
        var row = rows.iterator().next();
        if (!hash.equals(row.getString("request_hash"))) {
          return Future.failedFuture(Problem.unprocessable("header.Idempotency-Key", "same-request",
            "This Idempotency-Key was used with a different request"));
        }
        return Future.succeededFuture(Optional.of(OperationResponse.fromJson(row.getJsonObject("response"))
          .withHeader(REPLAYED, "true")));
      });
  }

  /** A digest of what the request asks for, insensitive to the order of JSON members. */
  private static String hash(OperationRequest req) {
    return fingerprint(new JsonObject().put("path", req.path()).put("query", req.query()).put("body", req.body()));
  }

  static String fingerprint(JsonObject canonical) {
    try {
      var mapper = DatabindCodec.mapper().copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
      var bytes = mapper.writeValueAsBytes(canonical.getMap());
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
