package com.shopifygenie.catalog;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stock rules without a database. */
class StockTest {

  static Stock stock(int onHand, int reserved, int reorderPoint) {
    return new Stock(UUID.randomUUID(), "SKU-1", new Money(800, "USD"), onHand, reserved, reorderPoint, 10, null);
  }

  @Test
  void eachAdjustmentKindReadsItsQuantityItsOwnWay() {
    var stock = stock(10, 4, 0);
    assertEquals(new StockChange(5, 0, "received"), AdjustmentKind.RECEIVED.change(5, stock));
    assertEquals(new StockChange(-2, 0, "damaged"), AdjustmentKind.DAMAGED.change(2, stock));
    assertEquals(new StockChange(-3, 0, "counted"), AdjustmentKind.COUNTED.change(7, stock));
    assertEquals(new StockChange(0, 0, "counted"), AdjustmentKind.COUNTED.change(10, stock));
    assertEquals(new StockChange(-1, 0, "correction"), AdjustmentKind.CORRECTION.change(-1, stock));
  }

  @Test
  void eachAdjustmentKindAcceptsOnlyQuantitiesThatMakeSenseForIt() {
    assertFalse(AdjustmentKind.RECEIVED.accepts(0));
    assertTrue(AdjustmentKind.RECEIVED.accepts(1));
    assertFalse(AdjustmentKind.DAMAGED.accepts(-1));
    assertFalse(AdjustmentKind.COUNTED.accepts(-1));
    assertTrue(AdjustmentKind.COUNTED.accepts(0));
    assertFalse(AdjustmentKind.CORRECTION.accepts(0));
    assertTrue(AdjustmentKind.CORRECTION.accepts(-3));
  }

  @Test
  void onHandNeverFallsBelowReserved() {
    var stock = stock(10, 4, 0);
    assertEquals(4, stock.after(new StockChange(-6, 0, "damaged")).onHand());
    assertFalse(stock.allows(new StockChange(-7, 0, "damaged")));
    assertThrows(IllegalArgumentException.class, () -> stock.after(new StockChange(-7, 0, "damaged")));
    assertFalse(stock.allows(StockChange.reserve(7)));
    assertFalse(stock.allows(StockChange.release(5)));
    assertEquals(0, stock.after(StockChange.reserve(6)).available());
  }

  @Test
  void onHandNeverPassesWhatTheDatabaseHoldsNorWrapsAround() {
    var full = stock(2_000_000_000, 0, 0);
    var more = AdjustmentKind.RECEIVED.change(1_000_000_000, full);
    assertTrue(full.overflows(more));
    assertFalse(full.allows(more));
    assertEquals(3_000_000_000L, full.onHandAfter(more), "told as it would be, not wrapped to a negative");
    assertFalse(full.overflows(AdjustmentKind.RECEIVED.change(Stock.MOST_UNITS - 2_000_000_000, full)));
    assertThrows(IllegalArgumentException.class, () -> stock(Stock.MOST_UNITS, 0, 0).after(new StockChange(1, 0, "returned")));
  }

  @Test
  void unitsWorthMoreThanAnAmountHoldsAreOutvalued() {
    var dear = new Stock(UUID.randomUUID(), "SKU-1", new Money(100_000_000_000L, "USD"), 0, 0, 0, 10, null);
    assertTrue(dear.outvalues(new StockChange(1_000_000_000, 0, "received")));
    assertTrue(dear.outvalues(new StockChange(-1_000_000_000, 0, "correction")));
    assertFalse(dear.outvalues(new StockChange(90_000_000, 0, "received")));
    assertFalse(stock(0, 0, 0).outvalues(new StockChange(Integer.MAX_VALUE, 0, "received")));
  }

  @Test
  void theReorderPointIsCrossedOnlyFromAbove() {
    var above = stock(10, 0, 5);
    assertTrue(above.crossesReorderPoint(above.after(new StockChange(-5, 0, "damaged"))));
    assertFalse(above.crossesReorderPoint(above.after(new StockChange(-4, 0, "damaged"))));
    var low = stock(5, 0, 5);
    assertFalse(low.crossesReorderPoint(low.after(new StockChange(-1, 0, "damaged"))), "already low: no second alert");
    assertFalse(low.crossesReorderPoint(low.after(new StockChange(10, 0, "received"))));
  }

  @Test
  void anOrderNamingAProductTwiceAsksForTheSum() {
    var id = UUID.randomUUID();
    var lines = Reservation.perProduct(List.of(new Reservation.Line(id, "A", 2), new Reservation.Line(id, "A", 3)));
    assertEquals(1, lines.size());
    assertEquals(5, lines.get(0).quantity());
  }

  @Test
  void shortfallsNameEveryLineThatCannotBeServedAndUnknownProductsHaveNothing() {
    var known = stock(5, 2, 0);
    var unknown = UUID.randomUUID();
    var lines = List.of(new Reservation.Line(known.productId(), "SKU-1", 4),
      new Reservation.Line(unknown, "GHOST", 1));
    var shortfalls = Reservation.shortfalls(lines, Map.of(known.productId(), known), Set.of());
    assertEquals(List.of(new Reservation.Shortfall("SKU-1", 4, 3), new Reservation.Shortfall("GHOST", 1, 0)),
      shortfalls);
    assertTrue(Reservation.shortfalls(List.of(new Reservation.Line(known.productId(), "SKU-1", 3)),
      Map.of(known.productId(), known), Set.of()).isEmpty());
  }
}
