package com.shopifygenie.accounting;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which of a currency's accounts a posting needs, and whether the ones there fit, without a database. */
class ChartTest {

  static Account account(String code, AccountType type, Side side) {
    return new Account(UUID.randomUUID(), code, "Some name", type, side, "EUR", OffsetDateTime.now());
  }

  static List<Account> wholeChart() {
    return Chart.ACCOUNTS.stream().map(a -> account(a.code(), a.type(), a.normalSide())).toList();
  }

  @Test
  void aPostingNeedsTheChartsAccountsOfItsLinesOnceEachInCodeOrder() {
    assertEquals(List.of("1000", "4100"), Chart.neededBy(Postings.refund(1_999)).stream()
      .map(Chart.Seeded::code).toList());
    assertEquals(List.of("1200", "5000"), Chart.neededBy(Postings.stockAdjusted("sold", -2, 100)).stream()
      .map(Chart.Seeded::code).toList());
    assertEquals(List.of("1200", "2000"), Chart.neededBy(Postings.stockAdjusted("received", 3, 100)).stream()
      .map(Chart.Seeded::code).toList());
    assertThrows(IllegalArgumentException.class, () -> Chart.neededBy(List.of(JournalLine.debit("T-1", 1))));
  }

  @Test
  void theChartIsTheOneTheMigrationSeedsInUsdInCodeOrder() {
    assertEquals(List.of("1000", "1100", "1200", "2000", "2100", "3000", "3100", "4000", "4100", "5000", "5100"),
      Chart.codes());
    assertEquals(Optional.of(new Chart.Seeded("4100", "Sales returns and refunds", AccountType.REVENUE, Side.DEBIT)),
      Chart.seeded("4100"));
    assertEquals(Optional.empty(), Chart.seeded("4200"));
  }

  @Test
  void anAccountOfTheChartsTypeAndSideFitsWhateverItsName() {
    var needed = Chart.neededBy(Postings.stockAdjusted("sold", -1, 100));
    assertEquals(Optional.empty(), Chart.unfit(needed, wholeChart(), "EUR"));
    assertEquals(Optional.empty(), Chart.unfit(needed, List.of(account("5000", AccountType.EXPENSE, Side.DEBIT),
      account("1200", AccountType.ASSET, Side.DEBIT)), "EUR"), "the rest of the chart is not needed");
    assertTrue(Chart.complete(wholeChart()));
    assertFalse(Chart.complete(wholeChart().subList(0, 10)));
  }

  @Test
  void aMissingAccountOrOneOfAnotherTypeOrSideIsToldNotUsed() {
    var needed = Chart.neededBy(Postings.refund(1_999));
    assertEquals(Optional.of("no account 1000 in EUR; no account 4100 in EUR"), Chart.unfit(needed, List.of(), "EUR"));
    assertEquals(Optional.of("account 4100 in EUR is a revenue account on the credit side, where postings need Sales"
        + " returns and refunds, a revenue account on the debit side"),
      Chart.unfit(needed, List.of(account("1000", AccountType.ASSET, Side.DEBIT),
        account("4100", AccountType.REVENUE, Side.CREDIT)), "EUR"));
    var odd = wholeChart().stream().map(a -> a.code().equals("1200") ? account("1200", AccountType.EXPENSE, Side.DEBIT) : a)
      .toList();
    assertEquals(Optional.of("account 1200 in EUR is an expense account on the debit side, where postings need Inventory,"
      + " an asset account on the debit side"), Chart.unfit(Chart.neededBy(Postings.stockAdjusted("sold", -1, 1)), odd, "EUR"));
    assertFalse(Chart.complete(odd));
  }
}
