package com.shopifygenie.customers;

import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A customer's RFM scores (1 to 5 each) and the segment they give; all null before it has scores. */
record Rfm(Integer recency, Integer frequency, Integer monetary, Segment segment) {

  static final Rfm NONE = new Rfm(null, null, null, null);

  /** What a customer's paid orders, net of refunds, say: its last order, how many, how much. */
  record Values(UUID customerId, OffsetDateTime lastOrderAt, int orders, long monetary) {

    long recencyMicros() {
      var instant = lastOrderAt.toInstant();
      return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
  }

  /** The quintile boundaries of each metric; null arrays before they were first computed. */
  record Boundaries(long[] recency, long[] frequency, long[] monetary) {

    static Boundaries of(java.util.List<Values> all) {
      return new Boundaries(
        Quintiles.boundaries(all.stream().mapToLong(Values::recencyMicros).toArray()),
        Quintiles.boundaries(all.stream().mapToLong(Values::orders).toArray()),
        Quintiles.boundaries(all.stream().mapToLong(Values::monetary).toArray()));
    }
  }

  /** A customer without (net) orders has no scores; nor does anyone before boundaries exist. */
  static Rfm score(Values values, Boundaries boundaries) {
    if (values.orders() == 0 || boundaries.recency() == null) {
      return NONE;
    }
    var r = Quintiles.score(values.recencyMicros(), boundaries.recency());
    var f = Quintiles.score(values.orders(), boundaries.frequency());
    var m = Quintiles.score(values.monetary(), boundaries.monetary());
    return new Rfm(r, f, m, Segment.of(r, f, m));
  }

  JsonObject scoresJson() {
    return segment == null ? null
      : new JsonObject().put("recency", recency).put("frequency", frequency).put("monetary", monetary);
  }
}
