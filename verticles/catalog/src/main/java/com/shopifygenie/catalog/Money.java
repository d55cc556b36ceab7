package com.shopifygenie.catalog;

import io.vertx.core.json.JsonObject;

/** An amount in minor units of an ISO 4217 currency; never a float. */
record Money(long amount, String currency) {

  static Money fromJson(JsonObject json) {
    return new Money(json.getLong("amount"), json.getString("currency"));
  }

  JsonObject toJson() {
    return new JsonObject().put("amount", amount).put("currency", currency);
  }
}
