package com.shopifygenie.catalog;

import io.vertx.core.json.JsonObject;

import java.util.Currency;

/** An amount in minor units of an ISO 4217 currency; never a float. */
record Money(long amount, String currency) {

  static Money fromJson(JsonObject json) {
    return new Money(json.getLong("amount"), json.getString("currency"));
  }

  /** Whether ISO 4217 knows the currency (as the JDK's list of codes has it): "XYZ" is no money. */
  boolean hasIsoCurrency() {
    try {
      Currency.getInstance(currency);
      return true;
    } catch (IllegalArgumentException unknown) {
      return false;
    }
  }

  JsonObject toJson() {
    return new JsonObject().put("amount", amount).put("currency", currency);
  }
}
