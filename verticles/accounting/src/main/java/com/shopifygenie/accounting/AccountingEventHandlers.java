package com.shopifygenie.accounting;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.Inbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

import java.time.ZoneOffset;
import java.util.ArrayList;
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
  private final ProductCostStore costs;

  AccountingEventHandlers(Ledger ledger, ProductCostStore costs) {
    this.ledger = ledger;
    this.costs = costs;
  }

  void register(Inbox inbox) {
    inbox.on(PAYMENT_EVENTS, "shopifygenie.payment.processed", this::paymentProcessed)
      .on(ORDER_EVENTS, "shopifygenie.order.shipped", this::orderShipped)
      .on(ORDER_EVENTS, "shopifygenie.order.refunded", this::orderRefunded)
      .onBatch(INVENTORY_EVENTS, "shopifygenie.stock.adjusted", this::stockAdjusted)
      // batches of several subjects take turns where they post: postings of different orders meet on the same
      // day and accounts. A batch that posts nothing (reservations moving no value) only remembers costs, in
      // product order, so two of them at once wait for each other at most, never in a cycle.
      .batchAcrossSubjects((tx, events) -> events.stream().allMatch(AccountingEventHandlers::postsNothing)
        ? Future.succeededFuture() : Inbox.BatchLocks.TAKE_TURNS.take(tx, events));
  }

  /** A stock adjustment that moves no value: it only tells the product's unit cost. */
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

  /** At the unit cost the event carries for each line. */
  Future<Void> orderShipped(SqlConnection tx, DomainEvent event) {
    var data = event.data();
    var lines = lines(data);
    var cost = lines.stream().mapToLong(l -> Postings.cost(l.getInteger("quantity"), unitCost(l).getLong("amount")))
      .reduce(0, Math::addExact);
    return post(tx, event, orderOf(data), unitCost(lines.get(0)).getString("currency"),
      "Shipment " + data.getString("shipment_id") + " of order " + data.getString("order_id"),
      Postings.costOfSale(cost));
  }

  /**
   * A restocked line is valued at the unit cost it carries, or else at the cost catalog last
   * announced for the product; a restocked product of unknown cost cannot be posted (the event is
   * retried, then parked until the cost is known).
   */
  Future<Void> orderRefunded(SqlConnection tx, DomainEvent event) {
    var data = event.data();
    var restocked = lines(data).stream().filter(l -> l.getBoolean("restock")).toList();
    var uncosted = restocked.stream().filter(l -> l.getJsonObject("unit_cost") == null)
      .map(l -> UUID.fromString(l.getString("product_id"))).toList();
    return costs.costs(tx, uncosted).compose(known -> {
      long restockedCost = 0;
      for (var line : restocked) {
        var productId = UUID.fromString(line.getString("product_id"));
        var unitCost = line.getJsonObject("unit_cost") != null ? line.getJsonObject("unit_cost").getLong("amount")
          : known.get(productId);
        if (unitCost == null) {
          return Future.failedFuture(new IllegalStateException("no unit cost known for product " + productId));
        }
        restockedCost = Math.addExact(restockedCost, Postings.cost(line.getInteger("quantity"), unitCost));
      }
      return post(tx, event, orderOf(data), data.getString("currency"),
        "Refund " + data.getString("refund_id") + " of order " + data.getString("order_id"),
        Postings.refund(data.getLong("amount"), restockedCost));
    });
  }

  /**
   * The costs a run of adjustments announced are kept in one statement; then each adjustment is
   * posted (a reservation moves no value and posts nothing).
   */
  Future<Void> stockAdjusted(SqlConnection tx, List<DomainEvent> events) {
    var announced = new ArrayList<ProductCostStore.Announced>(events.size());
    for (var event : events) {
      var unitCost = event.data().getJsonObject("unit_cost");
      if (unitCost == null) {
        return Future.failedFuture(new IllegalStateException("stock.adjusted " + event.id() + " carries no unit_cost"));
      }
      announced.add(new ProductCostStore.Announced(UUID.fromString(event.data().getString("product_id")),
        unitCost.getLong("amount"), unitCost.getString("currency"), event.time()));
    }
    Future<Void> chain = costs.rememberAll(tx, announced);
    for (var event : events) {
      chain = chain.compose(v -> postAdjustment(tx, event));
    }
    return chain;
  }

  private Future<Void> postAdjustment(SqlConnection tx, DomainEvent event) {
    var data = event.data();
    var unitCost = data.getJsonObject("unit_cost");
    var reason = data.getString("reason");
    return post(tx, event, null, unitCost.getString("currency"),
      "Stock " + reason + ": " + data.getInteger("delta") + " of " + data.getString("sku"),
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

  private static List<JsonObject> lines(JsonObject data) {
    return data.getJsonArray("lines").stream().map(JsonObject.class::cast).toList();
  }

  private static JsonObject unitCost(JsonObject line) {
    return line.getJsonObject("unit_cost");
  }

  private static UUID orderOf(JsonObject data) {
    return UUID.fromString(data.getString("order_id"));
  }
}
