package com.shopifygenie.analytics;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A run of sales summed up gives what the sales applied one by one give. */
class SaleBatchTest {

  static final LocalDate D = LocalDate.of(2026, 11, 20);
  static final UUID P1 = new UUID(0, 1);
  static final UUID P2 = new UUID(0, 2);
  static final UUID C1 = new UUID(1, 1);
  static final UUID C2 = new UUID(1, 2);

  static Sale sale(UUID customer, LocalDate day, Sale.ProductLine... lines) {
    long revenue = 0;
    long units = 0;
    for (var line : lines) {
      revenue += line.revenue();
      units += line.units();
    }
    return new Sale(UUID.randomUUID(), customer, day, revenue, true, units, List.of(lines));
  }

  @Test
  void aBusyDaysRowGetsTheSumsOfItsSales() {
    var batch = new SaleBatch(List.of(sale(C1, D, new Sale.ProductLine(P1, 2, 2000), new Sale.ProductLine(P2, 1, 500)),
      sale(C2, D, new Sale.ProductLine(P1, 1, 1000)), sale(C1, D.plusDays(1), new Sale.ProductLine(P2, 3, 1500))));
    var day = batch.byDay.get(D);
    assertEquals(List.of(3500L, 2L, 4L), List.of(day.revenue.longValueExact(), day.orders, day.units));
    var p1 = batch.byProductDay.get(new SaleBatch.ProductDay(D, P1));
    assertEquals(List.of(3000L, 2L, 3L), List.of(p1.revenue.longValueExact(), p1.orders, p1.units));
    assertEquals(3, batch.baskets);
    assertEquals(Map.of(P1, 2L, P2, 2L), batch.basketsByProduct);
    assertEquals(Map.of(new SaleBatch.Pair(P1, P2), 1L, new SaleBatch.Pair(P2, P1), 1L), batch.basketsByPair);
    assertEquals(2L, batch.ordersByCustomerProduct.get(new SaleBatch.CustomerProduct(C1, P2)));
    assertEquals(List.of(D, D.plusDays(1)), batch.daysByBuyer.get(C1));
  }

  @Test
  void aBuyerIsNewOnItsEarliestDayAndMovesThereFromALaterFirstDay() {
    var batch = new SaleBatch(List.of(sale(C1, D.plusDays(2)), sale(C1, D), sale(C2, D.plusDays(1))));
    // C1 unknown before: new on D only; C2 first paid on D+3 before: moves to D+1
    assertEquals(Map.of(D, 1L, D.plusDays(1), 1L, D.plusDays(3), -1L), batch.newBuyers(Map.of(C2, D.plusDays(3))));
    // both known from an earlier day: nobody is new
    assertEquals(Map.of(), batch.newBuyers(Map.of(C1, D.minusDays(1), C2, D)));
    var rows = SaleBatch.dayRows(batch.byDay, batch.newBuyers(Map.of(C2, D.plusDays(3))));
    assertEquals(List.of(D, D.plusDays(1), D.plusDays(2), D.plusDays(3)), List.copyOf(rows.keySet()));
    assertEquals(new SaleBatch.DayRow(BigDecimal.ZERO, 0, 0, 0, -1), rows.get(D.plusDays(3)));
    assertEquals(0L, rows.get(D.plusDays(2)).newCustomers());
  }

  @Test
  void aRunsRevenuePastTheLargestAmountAddsUpExactly() {
    // each sale an amount, the day's and the product's day's sums not: a long wrapped around to a negative sum
    var half = 5_000_000_000_000_000_000L;
    var batch = new SaleBatch(List.of(sale(C1, D, new Sale.ProductLine(P1, 1, half)),
      sale(C2, D, new Sale.ProductLine(P1, 1, half))));
    var ten19 = new BigDecimal("10000000000000000000");
    assertEquals(ten19, batch.byDay.get(D).revenue);
    assertEquals(ten19, batch.byProductDay.get(new SaleBatch.ProductDay(D, P1)).revenue);
    assertEquals(new SaleBatch.DayRow(ten19, 2, 2, 2, 2), SaleBatch.dayRows(batch.byDay, batch.newBuyers(Map.of())).get(D));
  }

  @Test
  void aSalePaidInAnotherCurrencyIsAnOrderWithoutRevenueNorAPricedOrder() {
    var euros = new Sale(UUID.randomUUID(), C2, D, 0, false, 1, List.of(new Sale.ProductLine(P1, 1, 0)));
    var batch = new SaleBatch(List.of(sale(C1, D, new Sale.ProductLine(P1, 2, 2000)), euros));
    var day = batch.byDay.get(D);
    assertEquals(List.of(2000L, 2L, 1L, 3L), List.of(day.revenue.longValueExact(), day.orders, day.pricedOrders, day.units));
    var p1 = batch.byProductDay.get(new SaleBatch.ProductDay(D, P1));
    assertEquals(List.of(2000L, 2L, 1L), List.of(p1.revenue.longValueExact(), p1.orders, p1.pricedOrders));
  }
}
