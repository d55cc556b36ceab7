package com.shopifygenie.orders;

import com.shopifygenie.platform.Settings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A running domain deletes what its retention expired by itself, off the request path. */
@ExtendWith(VertxExtension.class)
class OrdersRetentionTest {

  @Test
  void aRunningDomainDeletesExpiredIdempotencyKeysAndKeepsRecentOnes(Vertx vertx) {
    var system = TestSystem.create(vertx);
    Settings.put(system.settings(), "events.retention_interval_ms", 50);
    Settings.put(system.settings(), "idempotency.retention_hours", 24);
    system.deploy(OrdersVerticle::new);
    var settings = system.settings().getJsonObject("db");
    Pool db = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(settings.getString("url"))
      .setDatabase(settings.getString("prefix") + "orders")).using(vertx).build();
    try {
      db.query("INSERT INTO idempotency_keys (caller_id, operation, key, request_hash, status, response, created_at) VALUES "
        + "('" + UUID.randomUUID() + "', 'createOrder', 'old', 'h', 201, '{}', now() - interval '25 hours'),"
        + "('" + UUID.randomUUID() + "', 'createOrder', 'recent', 'h', 201, '{}', now() - interval '23 hours')").execute().await();
      eventually(() -> keys(db, "old") == 0);
      assertEquals(1, keys(db, "recent"));
    } finally {
      db.close().await();
      system.stop();
    }
  }

  private static long keys(Pool db, String key) {
    return db.query("SELECT count(*) FROM idempotency_keys WHERE key = '" + key + "'").execute().await()
      .iterator().next().getLong(0);
  }
}
