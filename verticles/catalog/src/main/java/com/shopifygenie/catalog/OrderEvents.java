package com.shopifygenie.catalog;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The order events the catalog consumes. Each handler runs in the inbox's transaction, so its
 * effects and the events it emits commit together with the record that the event was applied.
 */
final class OrderEvents {

  static final String ORDER_CREATED = "shopifygenie.order.created";
  static final String ORDER_CANCELLED = "shopifygenie.order.cancelled";

  private final InventoryStore inventory;
  private final StockLedger ledger;

  OrderEvents(InventoryStore inventory, StockLedger ledger) {
    this.inventory = inventory;
    this.ledger = ledger;
  }

  /**
   * Reserves every line or none. The rows are locked in product id order and checked while
   * locked, so concurrent orders for the last units are served one after the other and never
   * oversell; the CHECK reserved &lt;= on_hand backs that up.
   */
  Future<Void> orderCreated(SqlConnection tx, DomainEvent event) {
    var orderId = UUID.fromString(event.data().getString("order_id"));
    var lines = Reservation.lines(event.data().getJsonArray("lines"));
    // a second order.created for the same order (another event id) must not reserve twice;
    // an order cancelled before its creation reached us reserves nothing
    return Future.all(inventory.hasReservations(tx, orderId), inventory.isCancelled(tx, orderId))
      .compose(known -> known.<Boolean>resultAt(0) || known.<Boolean>resultAt(1) ? Future.succeededFuture()
        : inventory.lockAll(tx, lines.stream().map(Reservation.Line::productId).toList())
          .compose(stock -> {
            var shortfalls = Reservation.shortfalls(lines, stock);
            return shortfalls.isEmpty() ? reserve(tx, orderId, lines, stock) : refuse(tx, orderId, shortfalls);
          }));
  }

  private Future<Void> reserve(SqlConnection tx, UUID orderId, List<Reservation.Line> lines,
                               Map<UUID, Stock> stock) {
    Future<Void> chain = Future.succeededFuture();
    var reserved = new JsonArray();
    for (var line : lines) {
      chain = chain
        .compose(v -> inventory.insertReservation(tx, orderId, line.productId(), line.quantity()))
        .compose(v -> ledger.record(tx, stock.get(line.productId()), StockChange.reserve(line.quantity()), orderId, null))
        .mapEmpty();
      reserved.add(new JsonObject().put("sku", stock.get(line.productId()).sku()).put("quantity", line.quantity()));
    }
    return chain.compose(v -> Outbox.append(tx, DomainEvent.of(StockLedger.DOMAIN, "stock.reserved", orderId,
      new JsonObject().put("order_id", orderId.toString()).put("lines", reserved))));
  }

  private Future<Void> refuse(SqlConnection tx, UUID orderId, List<Reservation.Shortfall> shortfalls) {
    var lines = new JsonArray();
    shortfalls.forEach(shortfall -> lines.add(shortfall.toJson()));
    var skus = shortfalls.stream().map(Reservation.Shortfall::sku).toList();
    return Outbox.append(tx, DomainEvent.of(StockLedger.DOMAIN, "stock.reservation_failed", orderId, new JsonObject()
      .put("order_id", orderId.toString())
      .put("reason", "Insufficient stock of " + String.join(", ", skus))
      .put("lines", lines)));
  }

  /** Releases what the order holds; a second cancellation, or one of an order never reserved, releases nothing. */
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
}
