package com.shopifygenie.platform;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
class DatabaseTest {

  @Test
  void createsMigratesAndKeepsTheOutboxTransactional(Vertx vertx, VertxTestContext test) {
    var config = new JsonObject().put("db", new JsonObject().put("url", TestServer.url()).put("prefix", TestServer.freshPrefix()));
    var source = new EventSource("platformtest", Map.of("order", "order-events"));
    var event = source.event("order.happened", UUID.randomUUID(), new JsonObject().put("n", 1));
    new Database(vertx, config, "platformtest").open()
      .compose(pool -> pool.withTransaction(tx -> Outbox.append(tx, event))
        // a failed transaction leaves no event behind
        .compose(v -> pool.withTransaction(tx -> Outbox.append(tx, source.event("order.lost", "x", new JsonObject()))
          .compose(x -> tx.query("SELECT 1/0").execute())).recover(e -> io.vertx.core.Future.succeededFuture()))
        .compose(v -> pool.query("SELECT id, type, data FROM outbox").execute())
        // opening again is idempotent: the database exists and is migrated
        .compose(rows -> new Database(vertx, config, "platformtest").open().map(rows)))
      .onComplete(test.succeeding(rows -> test.verify(() -> {
        assertEquals(1, rows.size());
        var row = rows.iterator().next();
        assertEquals(event.id(), row.getUUID("id"));
        assertEquals("shopifygenie.order.happened", row.getString("type"));
        assertEquals(1, row.getJsonObject("data").getInteger("n"));
        test.completeNow();
      })));
  }

  /**
   * Nodes running the same domain start at once in a cluster: each finds the database missing and
   * creates it. The one that loses the race must go on with the database the other made.
   */
  @Test
  void nodesCreatingTheSameDatabaseAtOnceAllStart(Vertx vertx, VertxTestContext test) {
    var attempts = new java.util.ArrayList<io.vertx.core.Future<Void>>();
    for (int round = 0; round < 5; round++) {
      var config = new JsonObject().put("db", new JsonObject().put("url", TestServer.url()).put("prefix", TestServer.freshPrefix()));
      for (int node = 0; node < 3; node++) {
        attempts.add(new Database(vertx, config, "platformtest").migrateOnly());
      }
    }
    io.vertx.core.Future.all(attempts).onComplete(test.succeedingThenComplete());
  }

  /**
   * A node frozen mid-transaction (SIGSTOP, a paused VM) keeps its connection open, so PostgreSQL
   * would keep its row locks for as long as it stays frozen: the session's idle-in-transaction
   * timeout ends the transaction, and the others take the row.
   */
  @Test
  void aTransactionLeftIdleEndsAndItsLocksWithIt(Vertx vertx, VertxTestContext test) {
    var config = new JsonObject().put("db", new JsonObject().put("url", TestServer.url()).put("prefix", TestServer.freshPrefix())
      .put("idle_in_transaction_timeout_ms", 300));
    new Database(vertx, config, "platformtest").open().compose(pool ->
      pool.query("CREATE TABLE held (id int PRIMARY KEY); INSERT INTO held VALUES (1)").execute()
        .compose(v -> pool.getConnection())
        .compose(frozen -> frozen.begin()
          .compose(tx -> frozen.query("SELECT id FROM held WHERE id = 1 FOR UPDATE").execute())
          // the frozen node does nothing more; another takes the row within its lock timeout
          .compose(locked -> vertx.timer(1_000))
          .compose(v -> pool.withTransaction(tx -> tx.query("SET LOCAL lock_timeout = '3s'").execute()
            .compose(x -> tx.query("UPDATE held SET id = 2 WHERE id = 1").execute())))
          .compose(updated -> frozen.query("SELECT 1").execute()
            .map(x -> "the frozen transaction went on")
            .otherwise(e -> "ended")
            .map(outcome -> Map.of("updated", updated.rowCount(), "frozen", outcome)))
          .eventually(frozen::close)))
      .onComplete(test.succeeding(seen -> test.verify(() -> {
        assertEquals(Map.of("updated", 1, "frozen", "ended"), seen);
        test.completeNow();
      })));
  }
}
