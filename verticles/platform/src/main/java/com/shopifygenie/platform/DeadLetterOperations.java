package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** The admin operations every consuming domain offers on its dead letters: list and replay. */
public final class DeadLetterOperations {

  private final Pool pool;
  private final Inbox inbox;
  /** Every domain's list has one operation id and path: its cursors name the domain too. */
  private final String list;

  public DeadLetterOperations(String domain, Pool pool, Inbox inbox) {
    this.pool = pool;
    this.inbox = inbox;
    this.list = domain + ".listDeadLetters";
  }

  public Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of("listDeadLetters", this::list, "replayDeadLetter", this::replay);
  }

  private Future<OperationResponse> list(OperationRequest req) {
    var limit = req.query().getInteger("limit", 20);
    var after = PageCursor.decode(req.query().getString("cursor"), list);
    var waitingOnly = !"all".equals(req.query().getString("state", "waiting"));
    return pool.preparedQuery("SELECT id, event, error, attempts, failed_at, replayed_at FROM dead_letters"
        + " WHERE (NOT $1 OR replayed_at IS NULL)"
        + " AND ($2::timestamptz IS NULL OR (failed_at, id) > ($2, $3))"
        + " ORDER BY failed_at, id LIMIT $4")
      .execute(Tuple.of(waitingOnly, after.time(), after.id(), limit + 1))
      .map(rows -> OperationResponse.ok(Page.of(Rows.all(rows, row -> row), limit, DeadLetterOperations::toJson,
        last -> new PageCursor(last.getOffsetDateTime("failed_at"), last.getUUID("id")).encode(list))));
  }

  private Future<OperationResponse> replay(OperationRequest req) {
    var id = UUID.fromString(req.pathParam("dead_letter_id"));
    return inbox.replay(id).map(applied -> OperationResponse.ok(new JsonObject()
      .put("id", id.toString()).put("replayed", true).put("applied", applied)));
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject().put("id", row.getUUID("id").toString())
      .put("event", row.getJsonObject("event"))
      .put("error", row.getString("error"))
      .put("attempts", row.getInteger("attempts"))
      .put("failed_at", Times.format(row.getOffsetDateTime("failed_at")))
      .put("replayed_at", Times.format(row.getOffsetDateTime("replayed_at")));
  }
}
