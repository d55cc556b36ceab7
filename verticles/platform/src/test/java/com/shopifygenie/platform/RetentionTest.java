package com.shopifygenie.platform;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
class RetentionTest {

  JsonObject config;
  Pool pool;

  @BeforeEach
  void open(Vertx vertx) {
    config = new JsonObject().put("db", new JsonObject().put("url", TestServer.url()).put("prefix", TestServer.freshPrefix()));
    pool = new Database(vertx, config, "platformtest").open().await();
  }

  @AfterEach
  void close() {
    pool.close().await();
  }

  @Test
  void publishedOutboxRowsGoAfterTheirRetentionAndUnpublishedOnesNever(Vertx vertx) {
    Settings.put(config, "events.outbox_retention_hours", 24);
    execute("INSERT INTO outbox (id, source, type, subject, time, data, published_at) VALUES "
      + "('00000000-0000-0000-0000-000000000001', 't', 'old', 's', now() - interval '3 days', '{}', now() - interval '25 hours'),"
      + "('00000000-0000-0000-0000-000000000002', 't', 'recent', 's', now() - interval '3 days', '{}', now() - interval '23 hours'),"
      + "('00000000-0000-0000-0000-000000000003', 't', 'unpublished', 's', now() - interval '3 days', '{}', NULL)");
    var retention = new Retention(vertx, pool, "platformtest", config);
    assertEquals(1L, retention.sweep().await());
    assertEquals(List.of("recent", "unpublished"), strings("SELECT type FROM outbox ORDER BY position"));
    assertEquals(Map.of("outbox", 1L, "inbox", 0L, "idempotency_keys", 0L), retention.rowsRemoved());
  }

  @Test
  void inboxRowsGoAfterTheirRetentionInBatchesUntilNoneIsLeft(Vertx vertx) {
    Settings.put(config, "events.inbox_retention_hours", 192);
    Settings.put(config, "events.retention_batch_size", 2);
    for (int i = 0; i < 5; i++) {
      execute("INSERT INTO inbox (event_id, type, applied_at) VALUES ('" + UUID.randomUUID() + "', 'old', now() - interval '193 hours')");
    }
    execute("INSERT INTO inbox (event_id, type, applied_at) VALUES ('" + UUID.randomUUID() + "', 'recent', now() - interval '191 hours')");
    var retention = new Retention(vertx, pool, "platformtest", config);
    assertEquals(5L, retention.sweep().await());
    assertEquals(List.of("recent"), strings("SELECT type FROM inbox"));
    assertEquals(5L, retention.rowsRemoved().get("inbox"));
  }

  @Test
  void idempotencyKeysGoAfterTheirRetention(Vertx vertx) {
    Settings.put(config, "idempotency.retention_hours", 24);
    execute("INSERT INTO idempotency_keys (caller_id, operation, key, request_hash, status, response, created_at) VALUES "
      + "('" + UUID.randomUUID() + "', 'createOrder', 'old', 'h', 201, '{}', now() - interval '25 hours'),"
      + "('" + UUID.randomUUID() + "', 'createOrder', 'recent', 'h', 201, '{}', now() - interval '23 hours')");
    var retention = new Retention(vertx, pool, "platformtest", config);
    assertEquals(1L, retention.sweep().await());
    assertEquals(List.of("recent"), strings("SELECT key FROM idempotency_keys"));
    // a second sweep finds nothing more to delete
    assertEquals(0L, retention.sweep().await());
    assertEquals(1L, retention.rowsRemoved().get("idempotency_keys"));
  }

  private void execute(String sql) {
    pool.query(sql).execute().await();
  }

  private List<String> strings(String sql) {
    var rows = pool.query(sql).execute().await();
    return StreamSupport.stream(rows.spliterator(), false).map((Row row) -> row.getString(0)).toList();
  }
}
