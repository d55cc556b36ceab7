package com.shopifygenie.accounting;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.Inbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The events accounting consumes, the topic each comes on, and one handler per type. Each handler
 * runs in the inbox's transaction and posts at most one entry, which names the event (unique: an
 * event posts once, however often it is delivered). Entries are dated on the event's day, or in
 * the first open period after it, in the event's currency: the first posting in a currency opens
 * that currency's chart.
 */
final class AccountingEventHandlers {

  private static final String PAYMENT_EVENTS = "payment-events";
  private static final String ORDER_EVENTS = "order-events";
  private static final String INVENTORY_EVENTS = "inventory-events";

  private final Ledger ledger;

  AccountingEventHandlers(Ledger ledger) {
    this.ledger = ledger;
  }

  void register(Inbox inbox) {
    inbox.on(PAYMENT_EVENTS, "shopifygenie.payment.processed", this::paymentProcessed)
      .on(ORDER_EVENTS, "shopifygenie.order.refunded", this::orderRefunded)
      .onBatch(INVENTORY_EVENTS, "shopifygenie.stock.adjusted", this::stockAdjusted)
      .on(INVENTORY_EVENTS, "shopifygenie.stock.revalued", this::stockRevalued)
      // batches of several subjects take turns where they post: postings of different orders meet on the same
      // day and accounts. A batch that posts nothing (reservations moving no value) takes no turn.
      .batchAcrossSubjects((tx, events) -> events.stream().allMatch(AccountingEventHandlers::postsNothing)
        ? Future.succeededFuture() : Inbox.BatchLocks.TAKE_TURNS.take(tx, events));
  }

  /** A stock adjustment that moves no value (a reservation or its release). */
  static boolean postsNothing(DomainEvent event) {
    var data = event.data();
    var unitCost = data.getJsonObject("unit_cost");
    return event.type().equals("shopifygenie.stock.adjusted") && unitCost != null
      && Postings.stockAdjusted(data.getString("reason"), data.getInteger("delta", 0), unitCost.getLong("amount", 0L)).isEmpty();
  }

  Future<Void> paymentProcessed(SqlConnection tx, DomainEvent event) {
    var data = event.data();
    return post(tx, event, orderOf(data), data.getString("currency"),
      "Payment " + data.getString("payment_id") + " of order " + data.getString("order_id"),
      Postings.sale(data.getLong("amount")));
  }

  /**
   * The money given back. Restocked units come back into inventory with catalog's stock.adjusted
   * (returned), valued at the cost catalog holds then, as every movement of stock is.
   */
  Future<Void> orderRefunded(SqlConnection tx, DomainEvent event) {
    var data = event.data();
    return post(tx, event, orderOf(data), data.getString("currency"),
      "Refund " + data.getString("refund_id") + " of order " + data.getString("order_id"),
      Postings.refund(data.getLong("amount")));
  }

  /** Each adjustment of a run posted in order (a reservation moves no value and posts nothing). */
  Future<Void> stockAdjusted(SqlConnection tx, List<DomainEvent> events) {
    Future<Void> chain = Future.succeededFuture();
    for (var event : events) {
      chain = chain.compose(v -> postAdjustment(tx, event));
    }
    return chain;
  }

  /** Stock on hand at a new unit cost: the difference between inventory and cost of goods sold. */
  Future<Void> stockRevalued(SqlConnection tx, DomainEvent event) {
    var data = event.data();
    var previous = data.getJsonObject("previous_unit_cost");
    var unitCost = data.getJsonObject("unit_cost");
    return post(tx, event, null, unitCost.getString("currency"),
      "Stock revalued: " + data.getInteger("on_hand") + " of " + data.getString("sku") + " from "
        + previous.getLong("amount") + " to " + unitCost.getLong("amount") + " " + unitCost.getString("currency"),
      Postings.revalued(data.getInteger("on_hand"), previous.getLong("amount"), unitCost.getLong("amount")));
  }

  /** At the unit cost catalog read under the product's lock as the stock moved; a sale or a return names its order. */
  private Future<Void> postAdjustment(SqlConnection tx, DomainEvent event) {
    var data = event.data();
    var unitCost = data.getJsonObject("unit_cost");
    if (unitCost == null) {
      return Future.failedFuture(new IllegalStateException("stock.adjusted " + event.id() + " carries no unit_cost"));
    }
    var reason = data.getString("reason");
    var orderId = data.getString("order_id");
    return post(tx, event, orderId == null ? null : UUID.fromString(orderId), unitCost.getString("currency"),
      "Stock " + reason + ": " + data.getInteger("delta") + " of " + data.getString("sku")
        + (orderId == null ? "" : " for order " + orderId),
      Postings.stockAdjusted(reason, data.getInteger("delta"), unitCost.getLong("amount")));
  }

  private Future<Void> post(SqlConnection tx, DomainEvent event, UUID orderId, String currency, String description,
                            List<JournalLine> lines) {
    if (lines.isEmpty()) {
      return Future.succeededFuture();
    }
    var source = event.type().substring("shopifygenie.".length());
    return ledger.landing(tx, event.time().atZoneSameInstant(ZoneOffset.UTC).toLocalDate())
      .compose(day -> ledger.postOnTheChart(tx,
        NewEntry.fromEvent(day, description, source, currency, event.id(), orderId, lines)))
      .mapEmpty();
  }

  private static UUID orderOf(JsonObject data) {
    return UUID.fromString(data.getString("order_id"));
  }
}
