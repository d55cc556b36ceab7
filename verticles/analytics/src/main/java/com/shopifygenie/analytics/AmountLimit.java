package com.shopifygenie.analytics;

import com.shopifygenie.platform.Problem;
import io.vertx.core.Future;

/**
 * Every payment and refund is an amount (a long of minor units), and the read models keep their
 * sums exactly, but a sum of many may pass the largest amount an answer carries. A figure that
 * reports money (revenue, refunds) is then a 409 naming the query field that bounds it, as
 * accounting's reports answer, rather than a 500 or a total wrapped around; an estimate made from
 * such sums (a forecast) reads them as numbers instead and is told.
 */
final class AmountLimit {

  private AmountLimit() {}

  static <T> Future<T> told(Future<T> answer, String field, String shorter) {
    return answer.recover(e -> Future.failedFuture(e instanceof ArithmeticException
      ? Problem.conflict(field, "amount-limit", "Sales totals asked for pass " + Long.MAX_VALUE
        + " minor units, the largest amount an answer carries: ask for " + shorter)
      : e));
  }
}
