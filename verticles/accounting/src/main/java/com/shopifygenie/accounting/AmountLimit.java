package com.shopifygenie.accounting;

import com.shopifygenie.platform.Problem;
import io.vertx.core.Future;

/**
 * Every journal line is an amount (a long of minor units), but the totals of many may pass the
 * largest one: a report over such totals cannot be told in amounts. It is a 409 naming the date
 * that bounds the report, so a shorter period can still be asked for, rather than a 500.
 */
final class AmountLimit {

  private AmountLimit() {}

  static <T> Future<T> told(Future<T> report, String field) {
    return report.recover(e -> Future.failedFuture(e instanceof ArithmeticException
      ? Problem.conflict(field, "amount-limit", "Totals of the books up to then pass " + Long.MAX_VALUE
        + " minor units, the largest amount an answer carries: ask for a shorter period")
      : e));
  }
}
