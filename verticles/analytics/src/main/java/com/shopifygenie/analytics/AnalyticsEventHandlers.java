package com.shopifygenie.analytics;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.Inbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.UUID;

/**
 * The events the analytics domain consumes, the topic each comes on, and one handler per type.
 * Each runs in the inbox's transaction: it keeps the event in the event log and adds it to the
 * read models, so a duplicate (stopped by the inbox) changes nothing, and a rebuild replays the log
 * through the same {@link #apply}.
 */
final class AnalyticsEventHandlers {

  private static final String ORDER_EVENTS = "order-events";
  private static final String PAYMENT_EVENTS = "payment-events";
  private static final String CATALOG_EVENTS = "catalog-events";
  private static final String INVENTORY_EVENTS = "inventory-events";
  private static final String PAYMENT_PROCESSED = "shopifygenie.payment.processed";

  private record Consumed(String topic, Inbox.Handler handler) {}

  private final EventLog log;
  private final SalesStore sales;
  private final BasketStore baskets;
  private final ProductStore products;
  private final OrderStore orders;
  private final ShopCalendar calendar;
  private final String currency;
  private final Map<String, Consumed> consumed = new LinkedHashMap<>();

  AnalyticsEventHandlers(EventLog log, SalesStore sales, BasketStore baskets, ProductStore products, OrderStore orders,
                         ShopCalendar calendar, String currency) {
    this.log = log;
    this.sales = sales;
    this.baskets = baskets;
    this.products = products;
    this.orders = orders;
    this.calendar = calendar;
    this.currency = currency;
    consume(ORDER_EVENTS, "order.created", this::orderCreated);
    for (var status : new String[] {"confirmed", "rejected", "cancelled", "shipped", "delivered"}) {
      consume(ORDER_EVENTS, "order." + status, (tx, event) -> orders.status(tx, orderId(event), customerId(event), status));
    }
    consume(ORDER_EVENTS, "order.refunded", this::orderRefunded);
    consume(PAYMENT_EVENTS, "payment.processed", this::paymentProcessed);
    consume(PAYMENT_EVENTS, "payment.failed", (tx, event) -> orders.status(tx, orderId(event), customerId(event),
      "payment_failed"));
    consume(CATALOG_EVENTS, "product.created", this::productDescribed);
    consume(CATALOG_EVENTS, "product.updated", this::productDescribed);
    consume(INVENTORY_EVENTS, "stock.adjusted", this::stockAdjusted);
    consume(INVENTORY_EVENTS, "stock.low", this::stockLow);
  }

  private void consume(String topic, String type, Inbox.Handler handler) {
    consumed.put("shopifygenie." + type, new Consumed(topic, handler));
  }

  /**
   * Every type through {@link #handleAll}, so a lane's batch of any events is one transaction with
   * one log statement. A batch may hold several subjects: {@link #handleAll} takes the locks its
   * payments and refunds need first, and every other event touches only its subject's row (an
   * order's, a product's).
   */
  void register(Inbox inbox) {
    Inbox.BatchHandler all = this::handleAll;
    consumed.forEach((type, c) -> inbox.onBatch(c.topic(), type, all));
    inbox.batchAcrossSubjects(Inbox.BatchLocks.NONE_SHARED);
  }

  private static boolean sharesRows(DomainEvent event) {
    return event.type().equals(PAYMENT_PROCESSED) || event.type().equals("shopifygenie.order.refunded");
  }

  /**
   * What the inbox runs for a batch of new events, in one transaction: kept in the log in one
   * statement, then added to the read models by {@link #applyAll}.
   */
  Future<Void> handleAll(SqlConnection tx, List<DomainEvent> events) {
    // payments and refunds take turns, even one alone: a payment reads its customer's earlier paid
    // days to count a new or returning buyer, and two of one customer's orders (two subjects, two
    // lanes) applied at once would each miss the other; they also share the day's and products' rows
    Future<Void> turn = events.stream().anyMatch(AnalyticsEventHandlers::sharesRows)
      ? Inbox.BatchLocks.TAKE_TURNS.take(tx, events) : Future.succeededFuture();
    return turn.compose(v -> log.keepAll(tx, events)).compose(v -> applyAll(tx, events));
  }

  /**
   * Adds events to the read models in their order, each run of consecutive payments summed up
   * first ({@link SaleBatch}), so that a busy day's counters are written once per run, not once per
   * payment. The result equals applying them one by one with {@link #apply}.
   */
  Future<Void> applyAll(SqlConnection tx, List<DomainEvent> events) {
    Future<Void> chain = Future.succeededFuture();
    var payments = new ArrayList<DomainEvent>();
    for (var event : events) {
      if (PAYMENT_PROCESSED.equals(event.type())) {
        payments.add(event);
        continue;
      }
      if (!payments.isEmpty()) {
        var run = List.copyOf(payments);
        payments.clear();
        chain = chain.compose(v -> paidAll(tx, run));
      }
      chain = chain.compose(v -> apply(tx, event));
    }
    return payments.isEmpty() ? chain : chain.compose(v -> paidAll(tx, payments));
  }

  /** Payments at once: the same rows {@link #paymentProcessed} writes, each once. */
  private Future<Void> paidAll(SqlConnection tx, List<DomainEvent> payments) {
    if (payments.size() == 1) {
      return paymentProcessed(tx, payments.get(0));
    }
    var run = new ArrayList<Sale>(payments.size());
    var paidAt = new TreeMap<UUID, DomainEvent>();
    for (var event : payments) {
      var sale = Sale.fromPayment(event.data(), calendar.dayOf(event.time()), currency);
      run.add(sale);
      paidAt.put(sale.orderId(), event);
    }
    var batch = new SaleBatch(run);
    var last = paidAt.values();
    return orders.paidAll(tx, paidAt.keySet().toArray(UUID[]::new),
        last.stream().map(AnalyticsEventHandlers::customerId).toArray(UUID[]::new),
        last.stream().map(DomainEvent::time).toArray(OffsetDateTime[]::new))
      .compose(v -> sales.paidAll(tx, batch))
      .compose(v -> baskets.addAll(tx, batch));
  }

  /** Adds one event to the read models; an event of a type not consumed changes nothing. */
  Future<Void> apply(SqlConnection tx, DomainEvent event) {
    var c = consumed.get(event.type());
    return c == null ? Future.succeededFuture() : c.handler().apply(tx, event);
  }

  Future<Void> orderCreated(SqlConnection tx, DomainEvent event) {
    return orders.placed(tx, orderId(event), customerId(event), event.time());
  }

  /** A sale: counted on the shop's day of the payment, in the day's, products' and baskets' counts. */
  Future<Void> paymentProcessed(SqlConnection tx, DomainEvent event) {
    var sale = Sale.fromPayment(event.data(), calendar.dayOf(event.time()), currency);
    return orders.paid(tx, sale.orderId(), sale.customerId(), event.time())
      .compose(v -> sales.paid(tx, sale))
      .compose(v -> baskets.add(tx, sale));
  }

  /** A refund counts on its own day, by the amount refunded now (in the shop's currency). */
  Future<Void> orderRefunded(SqlConnection tx, DomainEvent event) {
    var data = event.data();
    var amount = currency.equals(data.getString("currency")) ? data.getLong("amount") : 0L;
    return sales.refunded(tx, calendar.dayOf(event.time()), amount);
  }

  Future<Void> productDescribed(SqlConnection tx, DomainEvent event) {
    var data = event.data();
    return products.described(tx, UUID.fromString(data.getString("product_id")), data.getString("sku"),
      data.getString("title"));
  }

  Future<Void> stockAdjusted(SqlConnection tx, DomainEvent event) {
    var data = event.data();
    return products.stocked(tx, UUID.fromString(data.getString("product_id")), data.getString("sku"),
      data.getInteger("available"));
  }

  Future<Void> stockLow(SqlConnection tx, DomainEvent event) {
    var data = event.data();
    return products.low(tx, UUID.fromString(data.getString("product_id")), data.getString("sku"),
      data.getInteger("available"), data.getInteger("reorder_point"));
  }

  private static UUID orderId(DomainEvent event) {
    return UUID.fromString(event.data().getString("order_id"));
  }

  private static UUID customerId(DomainEvent event) {
    var id = event.data().getString("customer_id");
    return id == null ? null : UUID.fromString(id);
  }
}
