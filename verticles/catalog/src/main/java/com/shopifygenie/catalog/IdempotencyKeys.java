package com.shopifygenie.catalog;

import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Idempotency-Key (draft-ietf-httpapi-idempotency-key-header): the first successful answer to a
 * key is stored in the transaction that made it, so a retry gets that answer again and never a
 * second effect. Keys belong to a caller and an operation. A failed request stores nothing: its
 * retry runs again.
 */
final class IdempotencyKeys {

  static final String HEADER = "Idempotency-Key";
  static final String REPLAYED = "Idempotent-Replayed";

  private final Pool pool;

  IdempotencyKeys(Pool pool) {
    this.pool = pool;
  }

  /** Runs {@code work} in a transaction, once per key when the request carries one. */
  Future<OperationResponse> once(OperationRequest req, Function<SqlConnection, Future<OperationResponse>> work) {
    var key = req.header(HEADER);
    if (key == null) {
      return pool.withTransaction(work);
    }
    var hash = fingerprint(req.body());
    var callerId = req.caller().userId();
    // a concurrent request with the same key waits on the primary key until the first one
    // commits (then finds its answer) or rolls back (then claims the key itself)
    return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO idempotency_keys (operation, caller_id, key,"
        + " request_hash) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
      .execute(Tuple.of(req.operationId(), callerId, key, hash))
      .compose(claimed -> claimed.rowCount() == 1
        ? work.apply(tx).compose(response -> tx.preparedQuery("UPDATE idempotency_keys SET status = $4, headers = $5,"
              + " body = $6 WHERE operation = $1 AND caller_id = $2 AND key = $3")
            .execute(Tuple.from(new Object[] {req.operationId(), callerId, key, response.status(), response.headers(),
              response.body()}))
            .map(response))
        : tx.preparedQuery("SELECT request_hash, status, headers, body FROM idempotency_keys"
              + " WHERE operation = $1 AND caller_id = $2 AND key = $3")
            .execute(Tuple.of(req.operationId(), callerId, key))
            .compose(rows -> {
              var row = rows.iterator().next();
              if (!row.getString("request_hash").equals(hash)) {
                return Future.failedFuture(Problem.unprocessable("header." + HEADER, "idempotency",
                  "This Idempotency-Key was used with a different request"));
              }
              return Future.succeededFuture(new OperationResponse(row.getInteger("status"),
                row.getJsonObject("headers").copy().put(REPLAYED, "true"), row.getValue("body")));
            })));
  }

  /** SHA-256 of the body with object keys sorted, so the same request in another key order matches. */
  static String fingerprint(Object body) {
    try {
      var digest = MessageDigest.getInstance("SHA-256")
        .digest(Json.encode(canonical(body)).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object canonical(Object value) {
    if (value instanceof JsonObject object) {
      var sorted = new LinkedHashMap<String, Object>();
      new TreeMap<>(object.getMap()).forEach((name, item) -> sorted.put(name, canonical(object.getValue(name))));
      return new JsonObject(sorted);
    }
    if (value instanceof JsonArray array) {
      var items = new JsonArray();
      array.forEach(item -> items.add(canonical(item)));
      return items;
    }
    return value;
  }
}
