package com.shopifygenie.catalog;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.Inbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The events the catalog consumes, the topic each comes on, and one handler per type. Each
 * handler runs in the inbox's transaction, so its effects and the events it emits commit
 * together with the record that the event was applied.
 */
final class CatalogEventHandlers {

  private static final String ORDER_EVENTS = "order-events";
  private static final String ORDER_CREATED = "shopifygenie.order.created";

  private final InventoryStore inventory;
  private final StockLedger ledger;

  CatalogEventHandlers(InventoryStore inventory, StockLedger ledger) {
    this.inventory = inventory;
    this.ledger = ledger;
  }

  void register(Inbox inbox) {
    inbox.onBatch(ORDER_EVENTS, ORDER_CREATED, this::ordersCreated)
      .on(ORDER_EVENTS, "shopifygenie.order.cancelled", this::orderCancelled)
      .on(ORDER_EVENTS, "shopifygenie.order.shipped", this::orderShipped)
      .on(ORDER_EVENTS, "shopifygenie.order.refunded", this::orderRefunded)
      .batchAcrossSubjects(this::lockStock);
  }

  /**
   * Several orders' events in one transaction: every stock row they touch is locked first, in
   * product id order. A batch of new orders alone needs no step of its own: {@link #ordersCreated}
   * gets it in one call and locks all their stock at once, in that order.
   */
  private Future<Void> lockStock(SqlConnection tx, List<DomainEvent> events) {
    if (events.stream().allMatch(event -> event.type().equals(ORDER_CREATED))) {
      return Future.succeededFuture();
    }
    var products = new ArrayList<UUID>();
    var orders = new ArrayList<UUID>();
    for (var event : events) {
      orders.add(UUID.fromString(event.data().getString("order_id")));
      var lines = event.data().getJsonArray("lines", new JsonArray());
      for (int i = 0; i < lines.size(); i++) {
        var productId = lines.getJsonObject(i).getString("product_id");
        if (productId != null) {
          products.add(UUID.fromString(productId));
        }
      }
    }
    return inventory.lockForOrders(tx, products, orders);
  }

  /**
   * Reserves every line of each order or none, the orders one after the other in their order. The
   * rows are locked in product id order and decided while locked, so concurrent orders for the
   * last units are served one after the other and never oversell; the CHECK reserved &lt;= on_hand
   * backs that up. A line of a product not on sale (archived or draft: orders' price list may not
   * have heard of it yet) fails the whole order, read under the same lock. An order that holds
   * reservations already, or was cancelled before its creation reached us, reserves nothing.
   */
  Future<Void> ordersCreated(SqlConnection tx, List<DomainEvent> events) {
    var orders = events.stream().map(event -> new ReservationRun.Order(UUID.fromString(event.data().getString("order_id")),
      Reservation.perProduct(lines(event.data().getJsonArray("lines"))))).toList();
    var products = orders.stream().flatMap(order -> order.lines().stream()).map(Reservation.Line::productId)
      .distinct().toList();
    // what is decided already and the locked stock are asked for together: one round trip
    var decided = inventory.decided(tx, orders.stream().map(ReservationRun.Order::orderId).toList());
    var forSale = inventory.lockForSale(tx, products);
    return Future.all(decided, forSale)
      .map(both -> ReservationRun.plan(orders, forSale.result().stock(), forSale.result().notOnSale(), decided.result()))
      .compose(run -> inventory.reserveAll(tx, run));
  }

  /**
   * Releases what the order still holds: after a partial shipment only the units not shipped. A
   * second cancellation, or one of an order never reserved, releases nothing.
   */
  Future<Void> orderCancelled(SqlConnection tx, DomainEvent event) {
    var orderId = UUID.fromString(event.data().getString("order_id"));
    return inventory.markCancelled(tx, orderId)
      .compose(v -> inventory.activeReservations(tx, orderId))
      .compose(held -> held.isEmpty() ? Future.succeededFuture()
        : inventory.lockAll(tx, new ArrayList<>(held.keySet())).compose(stock -> {
          Future<Void> chain = inventory.releaseReservations(tx, orderId);
          for (var entry : held.entrySet()) {
            chain = chain.compose(v -> ledger.record(tx, stock.get(entry.getKey()), StockChange.release(entry.getValue()),
              orderId, null)).mapEmpty();
          }
          return chain;
        }));
  }

  /**
   * A shipment is a sale: its units leave on hand, and leave reserved for as much as the order
   * held of them (the rest of the order's reservation stays held until it ships or is cancelled).
   */
  Future<Void> orderShipped(SqlConnection tx, DomainEvent event) {
    var orderId = UUID.fromString(event.data().getString("order_id"));
    var lines = Reservation.perProduct(lines(event.data().getJsonArray("lines")));
    return inventory.activeReservations(tx, orderId).compose(held ->
      inventory.lockAll(tx, lines.stream().map(Reservation.Line::productId).toList()).compose(stock -> {
        Future<Void> chain = Future.succeededFuture();
        for (var line : lines) {
          var change = StockChange.sell(line.quantity(), held.getOrDefault(line.productId(), 0));
          chain = chain.compose(v -> known(stock, line))
            .compose(before -> ledger.record(tx, before, change, orderId, null))
            .compose(v -> change.reservedDelta() == 0 ? Future.succeededFuture()
              : inventory.shipReserved(tx, orderId, line.productId(), -change.reservedDelta()));
        }
        return chain;
      }));
  }

  /** Restocked lines come back to on hand; a refund without restock leaves stock as it is. */
  Future<Void> orderRefunded(SqlConnection tx, DomainEvent event) {
    var orderId = UUID.fromString(event.data().getString("order_id"));
    var lines = Reservation.perProduct(lines(event.data().getJsonArray("lines"), line -> line.getBoolean("restock")));
    if (lines.isEmpty()) {
      return Future.succeededFuture();
    }
    return inventory.lockAll(tx, lines.stream().map(Reservation.Line::productId).toList()).compose(stock -> {
      Future<Void> chain = Future.succeededFuture();
      for (var line : lines) {
        chain = chain.compose(v -> known(stock, line))
          .compose(before -> ledger.record(tx, before, StockChange.returned(line.quantity()), orderId, null))
          .mapEmpty();
      }
      return chain;
    });
  }

  /** A line of a product the catalog does not have cannot be applied: the event is retried, then parked. */
  private static Future<Stock> known(Map<UUID, Stock> stock, Reservation.Line line) {
    var found = stock.get(line.productId());
    return found != null ? Future.succeededFuture(found)
      : Future.failedFuture(new IllegalStateException("no product " + line.productId() + " (" + line.sku() + ")"));
  }

  /** The lines of an order event (product id, sku, quantity) as the orders domain wrote them. */
  private static List<Reservation.Line> lines(JsonArray orderLines) {
    return lines(orderLines, line -> true);
  }

  private static List<Reservation.Line> lines(JsonArray orderLines, Predicate<JsonObject> which) {
    return orderLines.stream().map(JsonObject.class::cast).filter(which)
      .map(line -> new Reservation.Line(UUID.fromString(line.getString("product_id")), line.getString("sku"),
        line.getInteger("quantity")))
      .toList();
  }
}
