package com.shopifygenie.orders;

import com.shopifygenie.platform.Ids;
import com.shopifygenie.platform.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.List;
import java.util.Map;

/**
 * Gives money back through the provider that took it, and records it with its order.refunded
 * event: for a staff refund and for the cancellation of a paid order alike. The caller moves the
 * order's status.
 */
final class Refunder {

  private final OrderStore orders;
  private final RefundStore refunds;
  private final PriceListStore priceList;
  private final Map<String, PaymentProvider> providers;

  Refunder(OrderStore orders, RefundStore refunds, PriceListStore priceList, Map<String, PaymentProvider> providers) {
    this.orders = orders;
    this.refunds = refunds;
    this.priceList = priceList;
    this.providers = providers;
  }

  /** What came of a refund: the refund, and the order with it counted in its refunded total. */
  record Done(Refund refund, Order after) {}

  /**
   * @param order the order, locked by the caller's transaction
   * @param lines what is refunded by line (none for an amount alone); with cause refund their units
   *              count as returned
   */
  Future<Done> refund(SqlConnection tx, Order order, Payment payment, List<Refund.Line> lines, long amount,
                      String reason, String cause) {
    return providers.get(payment.provider()).refund(payment.reference(), amount, order.currency())
      .compose(reference -> refunds.insert(tx, new Refund(Ids.next(), order.id(), payment.id(), amount,
        order.currency(), reason, cause, lines, null)))
      .compose(refund -> orders.refunded(tx, order.id(), amount)
        .compose(v -> Refund.REFUND.equals(cause) ? orders.returned(tx, order.id(), lines) : Future.succeededFuture())
        .compose(v -> orders.lock(tx, order.id())).map(after -> new Done(refund, after.orElseThrow())))
      .compose(done -> priceList.unitCosts(tx, lines.stream().map(Refund.Line::productId).toList())
        .compose(costs -> Outbox.append(tx, OrdersEvents.refunded(done.after(), done.refund(), costs)))
        .map(done));
  }
}
