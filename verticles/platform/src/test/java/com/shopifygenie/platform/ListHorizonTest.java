package com.shopifygenie.platform;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class ListHorizonTest {

  /** A transaction still running holds the horizon at its start; once it ends, the horizon is now. */
  @Test
  void isTheStartOfTheOldestTransactionStillRunning(Vertx vertx, VertxTestContext test) {
    var config = new JsonObject().put("db", new JsonObject().put("url", TestServer.url()).put("prefix", TestServer.freshPrefix()));
    new Database(vertx, config, "platformtest").open().compose(pool -> pool.getConnection().compose(running ->
      running.begin().compose(tx -> running.query("SELECT now()").execute()
          .map(rows -> rows.iterator().next().getOffsetDateTime(0))
          .compose(began -> vertx.timer(50).compose(v -> ListHorizon.read(pool))
            .compose(during -> tx.commit().compose(v -> ListHorizon.read(pool))
              .map(after -> List.of(began, during, after)))))
        .eventually(running::close)))
      .onComplete(test.succeeding(times -> test.verify(() -> {
        OffsetDateTime began = times.get(0), during = times.get(1), after = times.get(2);
        assertEquals(began.toInstant(), during.toInstant());
        assertTrue(after.isAfter(began.plusNanos(50_000_000)), times::toString);
        test.completeNow();
      })));
  }
}
