package com.shopifygenie.orders;

import io.vertx.core.json.JsonObject;

/** What a payment was made with, as a receipt shows it: never the full number nor the CVC. */
record PaymentMethod(String brand, String last4, int expMonth, int expYear) {

  JsonObject toJson() {
    return new JsonObject().put("type", "card").put("brand", brand).put("last4", last4)
      .put("exp_month", expMonth).put("exp_year", expYear);
  }
}
