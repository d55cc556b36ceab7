package com.shopifygenie.accounting;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The postings, periods and reports without a database. */
class PostingsTest {

  @Test
  void aRevaluationMovesTheDifferenceBetweenInventoryAndTheCostOfGoodsSold() {
    assertEquals(List.of(JournalLine.debit("1200", 600), JournalLine.credit("5000", 600)), Postings.revalued(3, 400, 600));
    assertEquals(List.of(JournalLine.debit("5000", 250), JournalLine.credit("1200", 250)), Postings.revalued(5, 300, 250));
    assertEquals(List.of(), Postings.revalued(4, 700, 700));
    assertThrows(ArithmeticException.class, () -> Postings.revalued(2, 0, Long.MAX_VALUE));
  }

  @Test
  void aPaymentDebitsCashAndCreditsSalesRevenue() {
    assertEquals(List.of(JournalLine.debit("1000", 4997), JournalLine.credit("4000", 4997)), Postings.sale(4997));
    assertEquals(List.of(), Postings.sale(0));
  }

  @Test
  void aShipmentMovesItsCostFromInventoryToCostOfGoodsSoldAndAReturnBack() {
    assertEquals(List.of(JournalLine.debit("5000", 1600), JournalLine.credit("1200", 1600)),
      Postings.stockAdjusted("sold", -2, 800));
    assertEquals(List.of(JournalLine.debit("1200", 800), JournalLine.credit("5000", 800)),
      Postings.stockAdjusted("returned", 1, 800));
  }

  @Test
  void aRefundCreditsCashOnly() {
    assertEquals(List.of(JournalLine.debit("4100", 1999), JournalLine.credit("1000", 1999)), Postings.refund(1999));
    assertEquals(List.of(), Postings.refund(0));
  }

  @Test
  void stockReceivedIsOwedAndStockLostIsShrinkage() {
    assertEquals(List.of(JournalLine.debit("1200", 4000), JournalLine.credit("2000", 4000)),
      Postings.stockAdjusted("received", 5, 800));
    assertEquals(List.of(JournalLine.debit("5100", 1600), JournalLine.credit("1200", 1600)),
      Postings.stockAdjusted("damaged", -2, 800));
    assertEquals(List.of(JournalLine.debit("5100", 800), JournalLine.credit("1200", 800)),
      Postings.stockAdjusted("counted", -1, 800));
    assertEquals(List.of(JournalLine.debit("1200", 2400), JournalLine.credit("5100", 2400)),
      Postings.stockAdjusted("correction", 3, 800));
    for (var reason : List.of("reserved", "released")) {
      assertEquals(List.of(), Postings.stockAdjusted(reason, 0, 800), reason + " moves no goods");
    }
  }

  @Test
  void everyPostingIsBalanced() {
    for (var lines : List.of(Postings.sale(7), Postings.refund(9), Postings.stockAdjusted("sold", -3, 1),
      Postings.stockAdjusted("returned", 3, 1), Postings.stockAdjusted("received", 4, 250),
      Postings.stockAdjusted("damaged", -4, 250), Postings.revalued(2, 5, 3))) {
      assertTrue(JournalLine.balanced(lines), lines::toString);
    }
    assertFalse(JournalLine.balanced(List.of(JournalLine.debit("1000", 5))));
    assertFalse(JournalLine.balanced(List.of(JournalLine.debit("1000", 5), JournalLine.credit("4000", 4))));
  }

  @Test
  void aCostBeyondALongIsAnErrorNotAWrappedNumber() {
    assertThrows(ArithmeticException.class, () -> Postings.cost(Long.MAX_VALUE / 2, 3));
    assertThrows(IllegalArgumentException.class, () -> JournalLine.debit("1000", 0));
  }

  @Test
  void aPostingDatedInAClosedPeriodLandsOnTheFirstDayOfTheNextOpenOne() {
    var day = LocalDate.parse("2026-03-17");
    assertEquals(day, Period.landing(day, Set.of()));
    assertEquals(day, Period.landing(day, Set.of(Period.parse("2026-02"))));
    assertEquals(LocalDate.parse("2026-04-01"), Period.landing(day, Set.of(Period.parse("2026-03"))));
    assertEquals(LocalDate.parse("2026-05-01"), Period.landing(day, Set.of(Period.parse("2026-03"), Period.parse("2026-04"))));
    assertEquals(LocalDate.parse("2027-01-01"), Period.landing(LocalDate.parse("2026-12-31"), Set.of(Period.parse("2026-12"))));
  }

  @Test
  void aPeriodIsAMonthWrittenYearDashMonth() {
    assertEquals("2026-03", Period.parse("2026-03").toString());
    for (var bad : new String[] {"2026-3", "2026-13", "2026-00", "26-03", "2026-03-01", ""}) {
      assertThrows(IllegalArgumentException.class, () -> Period.parse(bad), bad);
    }
  }

  static AccountBalance balance(String code, AccountType type, Side normal, long debit, long credit) {
    return new AccountBalance(new Account(UUID.randomUUID(), code, code, type, normal, "USD", OffsetDateTime.now()), debit,
      credit);
  }

  @Test
  void theIncomeStatementAndTheBalanceSheetAddUpAsAccountantsDo() {
    var accounts = List.of(
      balance("1000", AccountType.ASSET, Side.DEBIT, 10_000, 1_000),
      balance("1200", AccountType.ASSET, Side.DEBIT, 5_000, 2_000),
      balance("2000", AccountType.LIABILITY, Side.CREDIT, 0, 5_000),
      balance("4000", AccountType.REVENUE, Side.CREDIT, 0, 10_000),
      balance("4100", AccountType.REVENUE, Side.DEBIT, 1_000, 0),
      balance("5000", AccountType.EXPENSE, Side.DEBIT, 2_500, 500),
      balance("5100", AccountType.EXPENSE, Side.DEBIT, 300, 0),
      balance("3000", AccountType.EQUITY, Side.CREDIT, 0, 300));
    var income = IncomeStatement.of(null, LocalDate.parse("2026-03-31"), "USD", accounts);
    assertEquals(10_000, income.revenue());
    assertEquals(1_000, income.returns());
    assertEquals(2_000, income.costOfGoodsSold());
    assertEquals(7_000, income.grossProfit());
    assertEquals(300, income.expenses());
    assertEquals(6_700, income.netIncome());
    var sheet = BalanceSheet.of(LocalDate.parse("2026-03-31"), "USD", accounts);
    assertEquals(12_000, sheet.assets());
    assertEquals(5_000, sheet.liabilities());
    assertEquals(300, sheet.equity());
    assertEquals(6_700, sheet.currentEarnings());
    assertTrue(sheet.balanced());
    var trial = new TrialBalance(LocalDate.parse("2026-03-31"), "USD", accounts);
    assertEquals(trial.debits(), trial.credits());
  }

  @Test
  void csvFieldsWithCommasOrQuotesAreQuoted() {
    assertEquals("code,name\r\n1000,Cash\r\n3000,\"Owner's equity, \"\"paid in\"\"\"\r\n",
      new Csv("code", "name").row("1000", "Cash").row("3000", "Owner's equity, \"paid in\"").toString());
  }
}
