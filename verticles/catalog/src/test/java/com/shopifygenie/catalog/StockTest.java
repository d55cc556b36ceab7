package com.shopifygenie.catalog;

import com.shopifygenie.platform.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stock rules without a database. */
class StockTest {

  static Stock stock(int onHand, int reserved, int reorderPoint) {
    return new Stock(UUID.randomUUID(), "SKU-1", onHand, reserved, reorderPoint, 10, null);
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
  void nonsensicalQuantitiesAreValidationProblems() {
    var stock = stock(10, 0, 0);
    for (var bad : new Runnable[] {
      () -> AdjustmentKind.RECEIVED.change(0, stock),
      () -> AdjustmentKind.DAMAGED.change(-1, stock),
      () -> AdjustmentKind.COUNTED.change(-1, stock),
      () -> AdjustmentKind.CORRECTION.change(0, stock)}) {
      var problem = assertThrows(Problem.class, bad::run);
      assertEquals(400, problem.status());
      assertEquals("/quantity", problem.toJson().getJsonArray("errors").getJsonObject(0).getString("field"));
    }
  }

  @Test
  void onHandNeverFallsBelowReserved() {
    var stock = stock(10, 4, 0);
    assertEquals(4, stock.after(new StockChange(-6, 0, "damaged")).onHand());
    var problem = assertThrows(Problem.class, () -> stock.after(new StockChange(-7, 0, "damaged")));
    assertEquals(409, problem.status());
    assertEquals("https://shopifygenie.dev/problems/insufficient-stock", problem.type());
    assertThrows(Problem.class, () -> stock.after(StockChange.reserve(7)));
    assertThrows(Problem.class, () -> stock.after(StockChange.release(5)));
    assertEquals(0, stock.after(StockChange.reserve(6)).available());
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
    var lines = Reservation.lines(new JsonArray()
      .add(new JsonObject().put("sku", "A").put("product_id", id.toString()).put("quantity", 2))
      .add(new JsonObject().put("sku", "A").put("product_id", id.toString()).put("quantity", 3)));
    assertEquals(1, lines.size());
    assertEquals(5, lines.get(0).quantity());
  }

  @Test
  void shortfallsNameEveryLineThatCannotBeServedAndUnknownProductsHaveNothing() {
    var known = stock(5, 2, 0);
    var unknown = UUID.randomUUID();
    var lines = java.util.List.of(new Reservation.Line(known.productId(), "SKU-1", 4),
      new Reservation.Line(unknown, "GHOST", 1));
    var shortfalls = Reservation.shortfalls(lines, Map.of(known.productId(), known));
    assertEquals(java.util.List.of(new Reservation.Shortfall("SKU-1", 4, 3), new Reservation.Shortfall("GHOST", 1, 0)),
      shortfalls);
    assertTrue(Reservation.shortfalls(java.util.List.of(new Reservation.Line(known.productId(), "SKU-1", 3)),
      Map.of(known.productId(), known)).isEmpty());
  }
}
