package com.shopifygenie.customers;

import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Function;

/** GET /segments: every named segment with its rule and how many customers it holds now. */
final class SegmentOperations {

  private final Pool pool;
  private final RfmStore store;

  SegmentOperations(Pool pool, RfmStore store) {
    this.pool = pool;
    this.store = store;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of("listSegments", this::listSegments);
  }

  Future<OperationResponse> listSegments(OperationRequest req) {
    return Future.all(store.counts(pool), store.boundariesRow(pool)).map(parts -> {
      Map<String, Long> counts = parts.resultAt(0);
      var row = parts.<io.vertx.sqlclient.Row>resultAt(1);
      var segments = new JsonArray();
      for (var segment : Segment.values()) {
        segments.add(new JsonObject().put("name", segment.wireName()).put("description", segment.description)
          .put("customers", counts.getOrDefault(segment.wireName(), 0L)));
      }
      var boundaries = RfmStore.boundaries(row);
      return OperationResponse.ok(new JsonObject().put("segments", segments)
        .put("customers_without_scores", counts.getOrDefault("", 0L))
        .put("quintiles", boundaries.recency() == null ? null : new JsonObject()
          .put("recency", times(boundaries.recency())).put("frequency", numbers(boundaries.frequency()))
          .put("monetary", numbers(boundaries.monetary())).put("customers", row.getInteger("customers"))
          .put("computed_at", Times.format(row.getOffsetDateTime("computed_at")))));
    });
  }

  private static JsonArray numbers(long[] values) {
    var array = new JsonArray();
    for (var v : values) {
      array.add(v);
    }
    return array;
  }

  private static JsonArray times(long[] micros) {
    var array = new JsonArray();
    for (var m : micros) {
      var instant = Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1_000);
      array.add(Times.format(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC)));
    }
    return array;
  }
}
