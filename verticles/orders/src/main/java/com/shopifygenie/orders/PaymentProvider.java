package com.shopifygenie.orders;

import io.vertx.core.Future;

/**
 * A payment processor. A decline or a processing error is an outcome of the charge, not a failed
 * Future: the attempt is recorded and reported either way. A failed Future means the provider
 * could not be asked at all. It is called inside the order's transaction, with the order row
 * locked: that lock is what keeps a second payment or refund from racing the first. A provider
 * that answers over the network holds the lock for its round trip; the test provider answers at
 * once.
 */
interface PaymentProvider {

  /** The name payments record, so that refunds go back through the provider that charged. */
  String name();

  Future<Charge> charge(Card card, long amount, String currency);

  /** Gives back part or all of a successful charge; answers the provider's reference of the refund. */
  Future<String> refund(String chargeReference, long amount, String currency);

  /** How a charge ended: the provider's reference, or why it failed and whether a retry may succeed. */
  record Charge(boolean succeeded, String reference, String failureReason, boolean retryable) {

    static Charge succeeded(String reference) {
      return new Charge(true, reference, null, false);
    }

    static Charge declined(String reason) {
      return new Charge(false, null, reason, false);
    }

    static Charge failed(String reason) {
      return new Charge(false, null, reason, true);
    }
  }
}
