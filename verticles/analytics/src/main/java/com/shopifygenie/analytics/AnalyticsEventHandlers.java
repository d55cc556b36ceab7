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

  private record Consumed(String topic, Inbox.Handler handler, Inbox.BatchHandler run) {}

  /** The status an order has in the read model after each of these events. */
  private static final Map<String, String> STATUS_OF = Map.of(
    "order.confirmed", "confirmed", "order.rejected", "rejected", "order.cancelled", "cancelled",
    "order.shipped", "shipped", "order.delivered", "delivered", "payment.failed", "payment_failed");

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
    consumeRuns(ORDER_EVENTS, "order.created", this::ordersCreated);
    Inbox.BatchHandler statuses = this::statusesChanged;
    for (var status : STATUS_OF.keySet()) {
      consumeRuns(status.startsWith("payment.") ? PAYMENT_EVENTS : ORDER_EVENTS, status, statuses);
    }
    consume(ORDER_EVENTS, "order.refunded", this::orderRefunded);
    consumeRuns(PAYMENT_EVENTS, "payment.processed", this::paidAll);
    Inbox.BatchHandler described = this::productsDescribed;
    consumeRuns(CATALOG_EVENTS, "product.created", described);
    consumeRuns(CATALOG_EVENTS, "product.updated", described);
    // every inventory event says what is available after it, most the reorder point too: a run of
    // them, of any of these types, sets each product's row once
    Inbox.BatchHandler stocked = this::stocked;
    consumeRuns(INVENTORY_EVENTS, "stock.adjusted", stocked);
    consumeRuns(INVENTORY_EVENTS, "stock.low", stocked);
    consumeRuns(INVENTORY_EVENTS, "stock.reorder_settings_changed", stocked);
  }

  private void consume(String topic, String type, Inbox.Handler handler) {
    consumed.put("shopifygenie." + type, new Consumed(topic, handler, null));
  }

  /** A type whose consecutive events are applied at once by one handler (one per row they set). */
  private void consumeRuns(String topic, String type, Inbox.BatchHandler run) {
    consumed.put("shopifygenie." + type, new Consumed(topic, (tx, event) -> run.apply(tx, List.of(event)), run));
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
   * Adds events to the read models in their order, each run of consecutive events that one handler
   * takes at once applied in one call: a busy day's counters are written once per run of payments,
   * not once per payment, and a run of orders placed or confirmed, of products described, or of
   * inventory events (stock adjusted, low, reorder settings changed) is one statement. The result
   * equals applying them one by one with {@link #apply}.
   */
  Future<Void> applyAll(SqlConnection tx, List<DomainEvent> events) {
    Future<Void> chain = Future.succeededFuture();
    int i = 0;
    while (i < events.size()) {
      var run = runOf(events.get(i));
      int end = i + 1;
      if (run == null) {
        var event = events.get(i);
        chain = chain.compose(v -> apply(tx, event));
      } else {
        while (end < events.size() && runOf(events.get(end)) == run) {
          end++;
        }
        var together = List.copyOf(events.subList(i, end));
        chain = chain.compose(v -> run.apply(tx, together));
      }
      i = end;
    }
    return chain;
  }

  /** The handler that takes a run of events of this one's type, if its type has one. */
  private Inbox.BatchHandler runOf(DomainEvent event) {
    var c = consumed.get(event.type());
    return c == null ? null : c.run();
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

  Future<Void> ordersCreated(SqlConnection tx, List<DomainEvent> events) {
    return orders.placedAll(tx, events.stream()
      .map(e -> new OrderStore.OrderUpdate(orderId(e), customerId(e), null, e.time())).toList());
  }

  Future<Void> statusesChanged(SqlConnection tx, List<DomainEvent> events) {
    return orders.statusAll(tx, events.stream().map(e -> new OrderStore.OrderUpdate(orderId(e), customerId(e),
      STATUS_OF.get(e.type().substring("shopifygenie.".length())), null)).toList());
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

  /**
   * Products created or updated: their facts, archived or not, and (created) the reorder point
   * they were created with, nothing on hand.
   */
  Future<Void> productsDescribed(SqlConnection tx, List<DomainEvent> events) {
    return products.describedAll(tx, events.stream().map(DomainEvent::data).map(data -> new ProductStore.Described(
      UUID.fromString(data.getString("product_id")), data.getString("sku"), data.getString("title"),
      "archived".equals(data.getString("status")), data.getInteger("reorder_point"))).toList());
  }

  /**
   * Stock adjusted (received, counted, reserved, released, sold, returned...), low, or new reorder
   * settings: what is available after each, and the reorder point where the event carries one
   * (stock.adjusted from before catalog added it does not).
   */
  Future<Void> stocked(SqlConnection tx, List<DomainEvent> events) {
    return products.stockedAll(tx, events.stream().map(DomainEvent::data).map(data -> new ProductStore.Stocked(
      UUID.fromString(data.getString("product_id")), data.getString("sku"), data.getInteger("available"),
      data.getInteger("reorder_point"))).toList());
  }

  private static UUID orderId(DomainEvent event) {
    return UUID.fromString(event.data().getString("order_id"));
  }

  private static UUID customerId(DomainEvent event) {
    var id = event.data().getString("customer_id");
    return id == null ? null : UUID.fromString(id);
  }
}
