package com.shopifygenie.accounting;

import com.shopifygenie.platform.Times;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An account of the chart. */
record Account(UUID id, String code, String name, AccountType type, Side normalSide, String currency,
               OffsetDateTime createdAt) {

  JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("code", code).put("name", name).put("type", type.wireName())
      .put("normal_side", normalSide.wireName()).put("currency", currency).put("created_at", Times.format(createdAt));
  }
}
