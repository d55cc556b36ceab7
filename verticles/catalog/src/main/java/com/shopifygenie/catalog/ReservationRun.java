package com.shopifygenie.catalog;

import com.shopifygenie.platform.DomainEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reserving a run of orders at once: decided one order after the other, each against the stock the
 * ones before it left, exactly as if each came alone, so a run never oversells; the store then
 * writes the whole run with a few statements. Plain rules: the inventory rows come locked.
 */
final class ReservationRun {

  /** An order's lines, one per product. */
  record Order(UUID orderId, List<Reservation.Line> lines) {}

  /** Units held for an order. */
  record Held(UUID orderId, UUID productId, int quantity) {}

  /** One change of stock, for the ledger. */
  record Move(Stock after, StockChange change, UUID orderId) {}

  private final List<Held> held = new ArrayList<>();
  private final List<Move> moves = new ArrayList<>();
  private final List<DomainEvent> events = new ArrayList<>();
  private final Map<UUID, int[]> deltas = new LinkedHashMap<>();

  private ReservationRun() {}

  /**
   * @param notOnSale products of the locked stock that are not active (draft or archived): an order
   *                  with a line of one reserves nothing
   * @param decided orders that hold reservations already or were cancelled: they reserve nothing
   *                (a second order.created of an order, under another event id, must not reserve twice)
   */
  static ReservationRun plan(List<Order> orders, Map<UUID, Stock> locked, Set<UUID> notOnSale, Set<UUID> decided) {
    var run = new ReservationRun();
    var stock = new HashMap<>(locked);
    var done = new HashSet<>(decided);
    for (var order : orders) {
      if (done.contains(order.orderId())) {
        continue;
      }
      var shortfalls = Reservation.shortfalls(order.lines(), stock, notOnSale);
      if (!shortfalls.isEmpty()) {
        run.events.add(CatalogEvents.stockReservationFailed(order.orderId(), shortfalls));
        continue;
      }
      done.add(order.orderId());
      var reserved = new ArrayList<Reservation.Line>();
      for (var line : order.lines()) {
        var before = stock.get(line.productId());
        var change = StockChange.reserve(line.quantity());
        var after = before.after(change);
        stock.put(line.productId(), after);
        run.held.add(new Held(order.orderId(), line.productId(), line.quantity()));
        run.moves.add(new Move(after, change, order.orderId()));
        var delta = run.deltas.computeIfAbsent(line.productId(), id -> new int[3]);
        delta[1] += change.reservedDelta();
        delta[2]++;
        run.events.add(CatalogEvents.stockAdjusted(after, change, order.orderId()));
        if (before.crossesReorderPoint(after)) {
          run.events.add(CatalogEvents.stockLow(after));
        }
        reserved.add(new Reservation.Line(line.productId(), before.sku(), line.quantity()));
      }
      run.events.add(CatalogEvents.stockReserved(order.orderId(), reserved));
    }
    return run;
  }

  /** The reservations to insert, in the orders' order. */
  List<Held> held() {
    return held;
  }

  /** The ledger's rows, in the order the changes were decided. */
  List<Move> moves() {
    return moves;
  }

  /** Per product, the change of on hand [0] and of reserved [1] over the whole run, and its number of moves [2]. */
  Map<UUID, int[]> deltas() {
    return deltas;
  }

  /** stock.adjusted, stock.low, stock.reserved and stock.reservation_failed, in the order they happened. */
  List<DomainEvent> events() {
    return events;
  }
}
