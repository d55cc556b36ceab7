package com.shopifygenie.customers;

import com.shopifygenie.platform.Problem;
import io.vertx.core.Future;

/**
 * Every payment is an amount (a long of minor units), but a customer's totals of many may pass the
 * largest one: a summary over such totals cannot be told in amounts. It is a 409 naming the
 * customer, as accounting's reports answer, rather than a total wrapped around to a negative one.
 */
final class AmountLimit {

  private AmountLimit() {}

  static <T> Future<T> told(Future<T> answer, String field) {
    return answer.recover(e -> Future.failedFuture(e instanceof ArithmeticException
      ? Problem.conflict(field, "amount-limit", "The customer's totals in a currency pass " + Long.MAX_VALUE
        + " minor units, the largest amount an answer carries")
      : e));
  }
}
