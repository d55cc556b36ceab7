package com.shopifygenie.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A run of sales summed up before they touch the read models: each counter row (a day, a product's
 * day, a pair, ...) is then written once per batch instead of once per sale, so a busy day's row is
 * not updated hundreds of times in one transaction. Every map is sorted by its key, the order every
 * handler takes rows in. Applying the sums gives what applying the sales one by one gives: they are
 * sums, and each buyer's first paid day is the least of its days.
 */
final class SaleBatch {

  /**
   * A day's or a product's day's sums. Revenue adds amounts, and a run's sum of them may pass the
   * largest one (2^63 - 1 minor units): a long wrapped around to a negative sum, so it is a
   * BigDecimal (which adds as a long while the sum fits), written as it is to the numeric columns.
   */
  static final class Sums {
    BigDecimal revenue = BigDecimal.ZERO;
    long orders;
    /** Orders paid in the shop's currency, those the revenue is of. */
    long pricedOrders;
    long units;

    private void add(long revenue, boolean priced, long units) {
      this.revenue = this.revenue.add(BigDecimal.valueOf(revenue));
      this.orders++;
      this.pricedOrders += priced ? 1 : 0;
      this.units += units;
    }
  }

  /** A day's row to add: the run's sums there, and how its count of new buyers changes. */
  record DayRow(BigDecimal revenue, long orders, long pricedOrders, long units, long newCustomers) {}

  record Pair(UUID product, UUID other) implements Comparable<Pair> {
    @Override
    public int compareTo(Pair o) {
      var first = product.compareTo(o.product);
      return first != 0 ? first : other.compareTo(o.other);
    }
  }

  record ProductDay(LocalDate day, UUID product) implements Comparable<ProductDay> {
    @Override
    public int compareTo(ProductDay o) {
      var first = day.compareTo(o.day);
      return first != 0 ? first : product.compareTo(o.product);
    }
  }

  record CustomerProduct(UUID customer, UUID product) implements Comparable<CustomerProduct> {
    @Override
    public int compareTo(CustomerProduct o) {
      var first = customer.compareTo(o.customer);
      return first != 0 ? first : product.compareTo(o.product);
    }
  }

  /** Each order's last payment in the run (a later one wins, as applied one by one). */
  final Map<UUID, Sale> lastPaymentByOrder = new TreeMap<>();
  /** Each buyer's earliest paid day in the run. */
  final TreeMap<UUID, LocalDate> firstDayByBuyer = new TreeMap<>();
  /** The days each buyer paid on. */
  final TreeMap<UUID, List<LocalDate>> daysByBuyer = new TreeMap<>();
  final TreeMap<LocalDate, Sums> byDay = new TreeMap<>();
  final TreeMap<ProductDay, Sums> byProductDay = new TreeMap<>();
  final TreeMap<UUID, Long> basketsByProduct = new TreeMap<>();
  final TreeMap<Pair, Long> basketsByPair = new TreeMap<>();
  final TreeMap<CustomerProduct, Long> ordersByCustomerProduct = new TreeMap<>();
  long baskets;

  SaleBatch(List<Sale> sales) {
    for (var sale : sales) {
      lastPaymentByOrder.put(sale.orderId(), sale);
      firstDayByBuyer.merge(sale.customerId(), sale.day(), (a, b) -> a.isBefore(b) ? a : b);
      var days = daysByBuyer.computeIfAbsent(sale.customerId(), c -> new ArrayList<>());
      if (!days.contains(sale.day())) {
        days.add(sale.day());
      }
      byDay.computeIfAbsent(sale.day(), d -> new Sums()).add(sale.revenue(), sale.priced(), sale.units());
      if (sale.lines().isEmpty()) {
        continue;
      }
      baskets++;
      for (var line : sale.lines()) {
        byProductDay.computeIfAbsent(new ProductDay(sale.day(), line.productId()), k -> new Sums())
          .add(line.revenue(), sale.priced(), line.units());
        basketsByProduct.merge(line.productId(), 1L, Long::sum);
        ordersByCustomerProduct.merge(new CustomerProduct(sale.customerId(), line.productId()), 1L, Long::sum);
      }
      var pairs = sale.pairs();
      for (var i = 0; i < pairs[0].length; i++) {
        basketsByPair.merge(new Pair(pairs[0][i], pairs[1][i]), 1L, Long::sum);
      }
    }
  }

  /**
   * How the count of new buyers of each day changes, given each buyer's first paid day before the
   * run (absent: none): a buyer is new on its earliest day; one that paid earlier than it was known
   * to moves from its old first day to the new one.
   */
  Map<LocalDate, Long> newBuyers(Map<UUID, LocalDate> firstDayBefore) {
    var change = new TreeMap<LocalDate, Long>();
    firstDayByBuyer.forEach((buyer, first) -> {
      var before = firstDayBefore.get(buyer);
      if (before == null || first.isBefore(before)) {
        change.merge(first, 1L, Long::sum);
      }
      if (before != null && first.isBefore(before)) {
        change.merge(before, -1L, Long::sum);
      }
    });
    return change;
  }

  /** The days touched: the run's days and the days buyers moved away from, in order. */
  static Map<LocalDate, DayRow> dayRows(Map<LocalDate, Sums> byDay, Map<LocalDate, Long> newBuyers) {
    var rows = new TreeMap<LocalDate, DayRow>();
    byDay.forEach((day, s) -> rows.put(day, new DayRow(s.revenue, s.orders, s.pricedOrders, s.units, 0)));
    newBuyers.forEach((day, n) -> rows.merge(day, new DayRow(BigDecimal.ZERO, 0, 0, 0, n),
      (row, more) -> new DayRow(row.revenue(), row.orders(), row.pricedOrders(), row.units(),
        row.newCustomers() + more.newCustomers())));
    return new LinkedHashMap<>(rows);
  }
}
