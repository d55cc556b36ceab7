package com.shopifygenie.orders;

/**
 * Why the domain's pure rules refuse a request: the JSON pointer of the offending field, the rule
 * it breaks, and whether it conflicts with the order's state (more than is left to ship or
 * refund) rather than being unprocessable in itself (a sku the order does not hold).
 */
final class Refusal extends RuntimeException {

  final String field;
  final String rule;
  final boolean conflict;

  Refusal(String field, String rule, String message) {
    this(field, rule, message, false);
  }

  private Refusal(String field, String rule, String message, boolean conflict) {
    super(message, null, false, false);
    this.field = field;
    this.rule = rule;
    this.conflict = conflict;
  }

  static Refusal conflict(String field, String rule, String message) {
    return new Refusal(field, rule, message, true);
  }
}
