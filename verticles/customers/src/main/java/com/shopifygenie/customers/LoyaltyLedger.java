package com.shopifygenie.customers;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.Ids;
import com.shopifygenie.platform.Outbox;
import com.shopifygenie.platform.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The loyalty programme's moves, each inside the caller's transaction with the events it emits:
 * points earned on a payment, taken back on a refund, redeemed by the customer, and the tier that
 * follows from the points earned over the rolling window.
 */
final class LoyaltyLedger {

  /** A redemption as answered: its id, the balance it left and when it was made. */
  record Redemption(UUID id, UUID customerId, long points, long balance, String reason, OffsetDateTime at) {}

  private final LoyaltyStore store;
  private final Tiers tiers;
  private final long pointsPerUnit;

  LoyaltyLedger(LoyaltyStore store, Tiers tiers, long pointsPerUnit) {
    this.store = store;
    this.tiers = tiers;
    this.pointsPerUnit = pointsPerUnit;
  }

  /**
   * payment.processed: the order is recorded once and earns its points once; a refund of it heard
   * before it is applied now.
   */
  Future<Void> earn(SqlClient tx, DomainEvent payment) {
    var data = payment.data();
    var orderId = UUID.fromString(data.getString("order_id"));
    var customerId = UUID.fromString(data.getString("customer_id"));
    var paymentId = UUID.fromString(data.getString("payment_id"));
    var points = Points.earned(data.getLong("amount"), data.getString("currency"), pointsPerUnit);
    return store.recordPaidOrder(tx, orderId, customerId, data.getString("currency"), data.getLong("amount"),
        payment.time(), points)
      .compose(recorded -> !recorded ? Future.<Void>succeededFuture()
        : credit(tx, customerId, orderId, paymentId, points).compose(v -> settleHeldRefund(tx, orderId)));
  }

  private Future<Void> credit(SqlClient tx, UUID customerId, UUID orderId, UUID paymentId, long points) {
    if (points == 0) {
      return Future.succeededFuture();
    }
    return store.lockAccount(tx, customerId)
      .compose(before -> store.move(tx, customerId, points, points))
      .compose(account -> store.append(tx, LoyaltyStore.entry(customerId, "earned", points, orderId, null, null),
          account.balance())
        .compose(at -> Outbox.append(tx, CustomersEvents.pointsEarned(account, orderId, paymentId, points)))
        .compose(v -> reassess(tx, customerId, account.tier())));
  }

  private Future<Void> settleHeldRefund(SqlClient tx, UUID orderId) {
    return store.takeHeldRefund(tx, orderId).compose(held -> held.isEmpty() ? Future.<Void>succeededFuture()
      : store.lockPaidOrder(tx, orderId).compose(order ->
        applyRefund(tx, order.orElseThrow(), held.get().refundId(), held.get().refundedTotal())));
  }

  /**
   * order.refunded: the share of the order's points the refunds so far make due, less what earlier
   * refunds took. The balance never goes below zero: points redeemed meanwhile are not taken twice,
   * and the event says what was due and what was taken. A refund of an order whose payment has not
   * reached this domain yet (on Kafka the two come on different topics) waits for the payment.
   * Answers the order's customer, or null when the refund waits.
   */
  Future<UUID> takeBack(SqlClient tx, DomainEvent refund) {
    var data = refund.data();
    var orderId = UUID.fromString(data.getString("order_id"));
    var refundId = UUID.fromString(data.getString("refund_id"));
    var refundedTotal = data.getLong("refunded_total");
    return store.lockPaidOrder(tx, orderId).compose(found -> found.isEmpty()
      ? store.holdRefund(tx, orderId, refundId, refundedTotal).map((UUID) null)
      : applyRefund(tx, found.get(), refundId, refundedTotal).map(found.get().customerId()));
  }

  private Future<Void> applyRefund(SqlClient tx, LoyaltyStore.PaidOrder order, UUID refundId, long refundedTotal) {
    var due = Points.dueBack(order.earned(), order.paid(), refundedTotal);
    var dueNow = due - order.dueBack();
    return store.refunded(tx, order.orderId(), refundedTotal, due).compose(v -> dueNow <= 0
      ? Future.<Void>succeededFuture()
      : store.lockAccount(tx, order.customerId()).compose(before -> {
        // what the refund makes due leaves the lifetime points (and the tier) in full; the balance
        // gives what it holds, so points redeemed meanwhile are not taken twice. The entry is made
        // whatever it takes, zero included, so the ledger says why the lifetime points fell.
        var taken = Math.min(before.balance(), dueNow);
        var shortfall = taken < dueNow ? "the refund made " + dueNow + " points due; the balance held " + taken : null;
        Future<LoyaltyStore.Account> after = store.move(tx, order.customerId(), -taken, -dueNow)
          .compose(account -> store.append(tx,
            LoyaltyStore.entry(order.customerId(), "reversed", -taken, order.orderId(), refundId, shortfall),
            account.balance()).map(account));
        return after.compose(account -> Outbox.append(tx,
            CustomersEvents.pointsReversed(account, order.orderId(), refundId, taken, dueNow))
          .compose(w -> reassess(tx, order.customerId(), account.tier())));
      }));
  }

  /** Redeems points if the balance holds them; a 409 otherwise, whatever other redemptions run at once. */
  Future<Redemption> redeem(SqlClient tx, UUID customerId, long points, String reason) {
    var id = Ids.next();
    return store.redeem(tx, customerId, points).compose(found -> found.map(account ->
        store.append(tx, new LoyaltyStore.Entry(id, customerId, "redeemed", -points, null, null, reason), account.balance())
          .compose(at -> Outbox.append(tx, CustomersEvents.pointsRedeemed(account, id, points, reason))
            .map(v -> new Redemption(id, customerId, points, account.balance(), reason, at))))
      .orElseGet(() -> Future.failedFuture(Problem.of(409, "insufficient-points", "Not enough points",
        "The balance holds fewer than " + points + " points"))));
  }

  /** Sets the tier the points earned over the window give, announcing a change. */
  Future<Void> reassess(SqlClient tx, UUID customerId, Tier current) {
    return store.pointsInWindow(tx, customerId, tiers.window()).compose(points -> {
      var tier = tiers.of(points);
      return tier == current ? Future.<Void>succeededFuture()
        : store.setTier(tx, customerId, tier)
          .compose(v -> Outbox.append(tx, CustomersEvents.tierChanged(customerId, current, tier, points)));
    });
  }
}
