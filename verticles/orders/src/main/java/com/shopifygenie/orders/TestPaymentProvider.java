package com.shopifygenie.orders;

import io.vertx.core.Future;

import java.util.UUID;

/**
 * The built-in provider "test", which answers like a real processor's test mode: a few card
 * numbers decline or fail as documented, every other valid card succeeds. It moves no money.
 */
final class TestPaymentProvider implements PaymentProvider {

  static final String NAME = "test";
  static final String CARD_DECLINED = "card_declined";
  static final String INSUFFICIENT_FUNDS = "insufficient_funds";
  static final String PROCESSING_ERROR = "processing_error";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<Charge> charge(Card card, long amount, String currency) {
    return Future.succeededFuture(switch (card.number()) {
      case "4000000000000002" -> Charge.declined(CARD_DECLINED);
      case "4000000000009995" -> Charge.declined(INSUFFICIENT_FUNDS);
      case "4000000000000119" -> Charge.failed(PROCESSING_ERROR);
      default -> Charge.succeeded("test_ch_" + UUID.randomUUID());
    });
  }

  @Override
  public Future<String> refund(String chargeReference, long amount, String currency) {
    return Future.succeededFuture("test_re_" + UUID.randomUUID());
  }
}
