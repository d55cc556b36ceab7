package com.shopifygenie.platform;

import io.vertx.core.Future;

/**
 * Every amount is a long of minor units, but a total of many may pass the largest one: an answer
 * that reports such a total cannot tell it in amounts. It is then a 409 naming the field that
 * bounds the totals (rule {@code amount-limit}), rather than a 500 or a total wrapped around to a
 * negative one. Stores read totals exactly (numeric sums, {@code longValueExact}), so the
 * {@link ArithmeticException} they throw past the largest amount is what this turns into the 409.
 */
public final class AmountLimit {

  private AmountLimit() {}

  /** The answer, or the 409 naming {@code field}; {@code advice} says what may fit instead (or is empty). */
  public static <T> Future<T> told(Future<T> answer, String field, String advice) {
    return answer.recover(e -> Future.failedFuture(e instanceof ArithmeticException
      ? Problem.conflict(field, "amount-limit", "The totals asked for pass " + Long.MAX_VALUE
        + " minor units, the largest amount an answer carries" + (advice.isEmpty() ? "" : ": ask for " + advice))
      : e));
  }
}
