package com.shopifygenie.catalog;

import com.shopifygenie.platform.DomainEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A run of orders decided at once, as if each came alone after the one before it. */
class ReservationRunTest {

  private static final Money COST = new Money(800, "USD");
  private final UUID mug = UUID.randomUUID();
  private final UUID tea = UUID.randomUUID();
  private final Map<UUID, Stock> locked = Map.of(
    mug, new Stock(mug, "MUG", COST, 5, 0, 2, 10, null),
    tea, new Stock(tea, "TEA", COST, 100, 90, 0, 10, null));

  private ReservationRun.Order order(UUID id, UUID product, String sku, int quantity) {
    return new ReservationRun.Order(id, List.of(new Reservation.Line(product, sku, quantity)));
  }

  private static List<String> types(ReservationRun run) {
    return run.events().stream().map(DomainEvent::type).map(t -> t.substring("shopifygenie.".length())).toList();
  }

  @Test
  void eachOrderSeesTheStockTheOnesBeforeItLeft() {
    var first = UUID.randomUUID();
    var second = UUID.randomUUID();
    var third = UUID.randomUUID();
    var run = ReservationRun.plan(List.of(order(first, mug, "MUG", 2), order(second, mug, "MUG", 2),
      order(third, mug, "MUG", 2)), locked, Set.of(), Set.of());

    assertEquals(List.of(first, second), run.held().stream().map(ReservationRun.Held::orderId).toList());
    assertEquals(4, run.deltas().get(mug)[1], "reserved grows by the run's total");
    assertEquals(List.of(2, 4), run.moves().stream().map(m -> m.after().reserved()).toList(), "each ledger row after its change");
    // 5 available -> 3 -> 1: the second order crosses the reorder point of 2
    assertEquals(List.of("stock.adjusted", "stock.reserved", "stock.adjusted", "stock.low", "stock.reserved",
      "stock.reservation_failed"), types(run));
    assertEquals(1, run.events().get(5).data().getJsonArray("lines").getJsonObject(0).getInteger("available"));
  }

  @Test
  void anOrderIsReservedAllOrNothing() {
    var id = UUID.randomUUID();
    var both = new ReservationRun.Order(id, List.of(new Reservation.Line(mug, "MUG", 1),
      new Reservation.Line(tea, "TEA", 11)));
    var run = ReservationRun.plan(List.of(both), locked, Set.of(), Set.of());

    assertEquals(List.of(), run.held());
    assertEquals(Map.of(), run.deltas());
    assertEquals(List.of("stock.reservation_failed"), types(run));
  }

  @Test
  void anOrderDecidedBeforeOrTwiceInTheRunReservesOnce() {
    var decided = UUID.randomUUID();
    var twice = UUID.randomUUID();
    var run = ReservationRun.plan(List.of(order(decided, mug, "MUG", 1), order(twice, mug, "MUG", 1),
      order(twice, mug, "MUG", 1)), locked, Set.of(), Set.of(decided));

    assertEquals(List.of(twice), run.held().stream().map(ReservationRun.Held::orderId).toList());
    assertEquals(List.of("stock.adjusted", "stock.reserved"), types(run));
  }

  @Test
  void aLineNotOnSaleFailsTheWholeOrderAndTheNextOrderStillReserves() {
    var mixed = UUID.randomUUID();
    var next = UUID.randomUUID();
    var run = ReservationRun.plan(List.of(new ReservationRun.Order(mixed, List.of(new Reservation.Line(mug, "MUG", 1),
      new Reservation.Line(tea, "TEA", 1))), order(next, mug, "MUG", 1)), locked, Set.of(tea), Set.of());

    assertEquals(List.of(next), run.held().stream().map(ReservationRun.Held::orderId).toList());
    assertEquals(List.of("stock.reservation_failed", "stock.adjusted", "stock.reserved"), types(run));
    assertEquals("Not on sale: TEA", run.events().get(0).data().getString("reason"));
  }

  @Test
  void anUnknownProductHasNothingAvailable() {
    var run = ReservationRun.plan(List.of(order(UUID.randomUUID(), UUID.randomUUID(), "GHOST", 1)), locked, Set.of(), Set.of());
    assertEquals(List.of("stock.reservation_failed"), types(run));
  }
}
