package com.shopifygenie.customers;

import com.shopifygenie.platform.Ids;
import com.shopifygenie.platform.PageCursor;
import com.shopifygenie.platform.Rows;
import com.shopifygenie.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** All SQL of loyalty accounts, their ledger, and the paid orders points were earned on. */
final class LoyaltyStore {

  /** A customer's account as it stands. */
  record Account(UUID customerId, long balance, long lifetimePoints, Tier tier) {}

  /** A paid order, locked for a refund. */
  record PaidOrder(UUID orderId, UUID customerId, long paid, long earned, long dueBack) {}

  /** A refund that waited for its payment. */
  record HeldRefund(UUID refundId, long refundedTotal) {}

  /** A ledger entry to write: points signed (+ earned, - reversed or redeemed). */
  record Entry(UUID id, UUID customerId, String kind, long points, UUID orderId, UUID refundId, String reason) {}

  /** Records a paid order; false when it was recorded already (the payment was announced twice). */
  Future<Boolean> recordPaidOrder(SqlClient tx, UUID orderId, UUID customerId, String currency, long paid,
                                  OffsetDateTime paidAt, long points) {
    return tx.preparedQuery("INSERT INTO paid_orders (order_id, customer_id, currency, paid_amount, paid_at, "
        + "points_earned) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (order_id) DO NOTHING")
      .execute(Tuple.of(orderId, customerId, currency, paid, paidAt, points)).map(rows -> rows.rowCount() == 1);
  }

  Future<Optional<PaidOrder>> lockPaidOrder(SqlClient tx, UUID orderId) {
    return tx.preparedQuery("SELECT order_id, customer_id, paid_amount, points_earned, points_due_back "
        + "FROM paid_orders WHERE order_id = $1 FOR UPDATE")
      .execute(Tuple.of(orderId))
      .map(rows -> Rows.first(rows, r -> new PaidOrder(r.getUUID("order_id"), r.getUUID("customer_id"),
        r.getLong("paid_amount"), r.getLong("points_earned"), r.getLong("points_due_back"))));
  }

  /** What has been refunded of the order so far, and the points that makes due back. */
  Future<Void> refunded(SqlClient tx, UUID orderId, long refundedTotal, long dueBack) {
    return tx.preparedQuery("UPDATE paid_orders SET refunded_amount = greatest(refunded_amount, $2), "
        + "points_due_back = greatest(points_due_back, $3) WHERE order_id = $1")
      .execute(Tuple.of(orderId, refundedTotal, dueBack)).mapEmpty();
  }

  /** A refund of an order whose payment has not come yet: kept (the largest total heard) until it does. */
  Future<Void> holdRefund(SqlClient tx, UUID orderId, UUID refundId, long refundedTotal) {
    return tx.preparedQuery("INSERT INTO early_refunds (order_id, refund_id, refunded_total) VALUES ($1, $2, $3) "
        + "ON CONFLICT (order_id) DO UPDATE SET refund_id = CASE WHEN EXCLUDED.refunded_total > "
        + "early_refunds.refunded_total THEN EXCLUDED.refund_id ELSE early_refunds.refund_id END, "
        + "refunded_total = greatest(early_refunds.refunded_total, EXCLUDED.refunded_total)")
      .execute(Tuple.of(orderId, refundId, refundedTotal)).mapEmpty();
  }

  /** The refund that came before the order's payment, taken out of waiting; empty when there was none. */
  Future<Optional<HeldRefund>> takeHeldRefund(SqlClient tx, UUID orderId) {
    return tx.preparedQuery("DELETE FROM early_refunds WHERE order_id = $1 RETURNING refund_id, refunded_total")
      .execute(Tuple.of(orderId))
      .map(rows -> Rows.first(rows, r -> new HeldRefund(r.getUUID("refund_id"), r.getLong("refunded_total"))));
  }

  /** Locks the customer's account, opening it (empty, bronze) when it has none. */
  Future<Account> lockAccount(SqlClient tx, UUID customerId) {
    return tx.preparedQuery("INSERT INTO loyalty_accounts (customer_id) VALUES ($1) ON CONFLICT DO NOTHING")
      .execute(Tuple.of(customerId))
      .compose(v -> tx.preparedQuery("SELECT customer_id, balance, lifetime_points, tier FROM loyalty_accounts "
        + "WHERE customer_id = $1 FOR UPDATE").execute(Tuple.of(customerId)))
      .map(rows -> account(rows.iterator().next()));
  }

  Future<Optional<Account>> account(SqlClient client, UUID customerId) {
    return client.preparedQuery("SELECT customer_id, balance, lifetime_points, tier FROM loyalty_accounts "
        + "WHERE customer_id = $1").execute(Tuple.of(customerId))
      .map(rows -> Rows.first(rows, LoyaltyStore::account));
  }

  /** Moves a locked account's balance and lifetime points by signed points. */
  Future<Account> move(SqlClient tx, UUID customerId, long balance, long lifetime) {
    return tx.preparedQuery("UPDATE loyalty_accounts SET balance = balance + $2, "
        + "lifetime_points = lifetime_points + $3, updated_at = now() "
        + "WHERE customer_id = $1 RETURNING customer_id, balance, lifetime_points, tier")
      .execute(Tuple.of(customerId, balance, lifetime))
      .map(rows -> account(rows.iterator().next()));
  }

  /**
   * Takes points off the balance only if it holds them: one conditional UPDATE, so concurrent
   * redemptions queue on the row and each sees the balance the previous one left. Empty when the
   * balance is short (or there is no account).
   */
  Future<Optional<Account>> redeem(SqlClient tx, UUID customerId, long points) {
    return tx.preparedQuery("UPDATE loyalty_accounts SET balance = balance - $2, updated_at = now() "
        + "WHERE customer_id = $1 AND balance >= $2 RETURNING customer_id, balance, lifetime_points, tier")
      .execute(Tuple.of(customerId, points)).map(rows -> Rows.first(rows, LoyaltyStore::account));
  }

  Future<Void> setTier(SqlClient tx, UUID customerId, Tier tier) {
    return tx.preparedQuery("UPDATE loyalty_accounts SET tier = $2, updated_at = now() WHERE customer_id = $1")
      .execute(Tuple.of(customerId, tier.wireName())).mapEmpty();
  }

  /**
   * Points earned by the orders paid over the window up to now, net of what their refunds made due:
   * an order refunded in full counts for nothing, whether or not its points were redeemed first.
   */
  Future<Long> pointsInWindow(SqlClient client, UUID customerId, Duration window) {
    return client.preparedQuery("SELECT coalesce(sum(points_earned - points_due_back), 0) FROM paid_orders "
        + "WHERE customer_id = $1 AND paid_at > now() - make_interval(secs => $2)")
      .execute(Tuple.of(customerId, (double) window.toSeconds()))
      .map(rows -> rows.iterator().next().getLong(0));
  }

  Future<OffsetDateTime> append(SqlClient tx, Entry e, long balanceAfter) {
    return tx.preparedQuery("INSERT INTO loyalty_ledger (id, customer_id, kind, points, balance_after, order_id, "
        + "refund_id, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING at")
      .execute(Tuple.from(new Object[] {e.id(), e.customerId(), e.kind(), e.points(), balanceAfter, e.orderId(),
        e.refundId(), e.reason()}))
      .map(rows -> rows.iterator().next().getOffsetDateTime("at"));
  }

  static Entry entry(UUID customerId, String kind, long points, UUID orderId, UUID refundId, String reason) {
    return new Entry(Ids.next(), customerId, kind, points, orderId, refundId, reason);
  }

  /** A page of the ledger, oldest first. */
  Future<List<Row>> ledger(SqlClient client, UUID customerId, PageCursor after, int limit) {
    return client.preparedQuery("SELECT id, kind, points, balance_after, order_id, refund_id, reason, at "
        + "FROM loyalty_ledger WHERE customer_id = $1 AND ($2::timestamptz IS NULL OR (at, id) > ($2, $3)) "
        + "ORDER BY at, id LIMIT $4")
      .execute(Tuple.of(customerId, after.time(), after.id(), limit + 1)).map(rows -> Rows.all(rows, r -> r));
  }

  static JsonObject entryJson(Row r) {
    return new JsonObject().put("id", r.getUUID("id").toString()).put("kind", r.getString("kind"))
      .put("points", r.getLong("points")).put("balance_after", r.getLong("balance_after"))
      .put("order_id", r.getUUID("order_id") == null ? null : r.getUUID("order_id").toString())
      .put("refund_id", r.getUUID("refund_id") == null ? null : r.getUUID("refund_id").toString())
      .put("reason", r.getString("reason")).put("at", Times.format(r.getOffsetDateTime("at")));
  }

  private static Account account(Row r) {
    return new Account(r.getUUID("customer_id"), r.getLong("balance"), r.getLong("lifetime_points"),
      Tier.fromWire(r.getString("tier")));
  }
}
