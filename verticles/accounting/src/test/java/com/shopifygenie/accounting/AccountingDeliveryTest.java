package com.shopifygenie.accounting;

import com.shopifygenie.platform.DomainEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;

import static com.shopifygenie.accounting.AccountingSystem.line;
import static com.shopifygenie.accounting.AccountingSystem.orderRefunded;
import static com.shopifygenie.accounting.AccountingSystem.paymentProcessed;
import static com.shopifygenie.accounting.AccountingSystem.refundLine;
import static com.shopifygenie.accounting.AccountingSystem.returned;
import static com.shopifygenie.accounting.AccountingSystem.sold;
import static com.shopifygenie.accounting.AccountingSystem.stockAdjusted;
import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The books of a small shop, posted from the events of catalog and orders as they come over the
 * transport, each delivered twice: the reports hold the values an accountant computes by hand.
 * Run once per transport by the subclasses.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AccountingDeliveryTest {

  AccountingSystem accounting;

  abstract AccountingSystem start(Vertx vertx);

  @BeforeAll
  void startSystem(Vertx vertx) {
    accounting = start(vertx);
  }

  @AfterAll
  void stop() {
    accounting.stop();
  }

  @Test
  void stockReceivedTwoOrdersPaidOneShippedAndRefundedWithRestockAddUpToTheCent() {
    var mug = UUID.randomUUID();
    var tea = UUID.randomUUID();
    var first = UUID.randomUUID();
    var second = UUID.randomUUID();
    var events = List.<DomainEvent>of(
      stockAdjusted(mug, "received", 10, 800, 10),                       // inventory 8,000 owed
      stockAdjusted(tea, "received", 4, 1250, 4),                        // inventory 5,000 owed
      stockAdjusted(mug, "reserved", 0, 800, 10),                        // posts nothing
      paymentProcessed(first, 6997, line(mug, 2, 1999, 800), line(tea, 1, 2999, 1250)),
      paymentProcessed(second, 1999, line(mug, 1, 1999, 800)),
      sold(mug, first, 2, 800, 8),                                                      // cost 1,600
      sold(tea, first, 1, 1250, 3),                                                     // cost 1,250
      orderRefunded(first, 1999, 6997, refundLine(mug, 1, true, 1999, 800L)),         // 1,999 cash back
      returned(mug, first, 1, 800, 9));                                                 // 800 of cost back
    for (var event : events) {
      accounting.publish(event);
    }
    for (var event : events) {
      accounting.publish(event);
    }
    // the last duplicate counts as handled at once: an event of its topic and subject behind it
    // (a reservation, which posts nothing) waits for it
    accounting.publish(stockAdjusted(mug, "reserved", 0, 800, 9));

    assertEquals(0, accounting.count("SELECT count(*) FROM dead_letters"));
    assertEquals(8, accounting.count("SELECT count(*) FROM journal_entries"), "one entry per event that moves money");
    var trial = accounting.ok("/accounting/reports/trial-balance");
    assertEquals(List.of(
      account("1000", 8_996, 1_999), account("1100", 0, 0), account("1200", 13_800, 2_850), account("2000", 0, 13_000),
      account("2100", 0, 0), account("3000", 0, 0), account("3100", 0, 0), account("4000", 0, 8_996),
      account("4100", 1_999, 0), account("5000", 2_850, 800), account("5100", 0, 0)),
      trial.getJsonArray("accounts").stream().map(JsonObject.class::cast)
        .map(a -> account(a.getString("code"), a.getLong("debit"), a.getLong("credit"))).toList());
    assertEquals(27_645, trial.getLong("total_debit"));
    assertEquals(27_645, trial.getLong("total_credit"));

    var income = accounting.ok("/accounting/reports/income-statement");
    assertEquals(new JsonObject().put("from", null).put("to", income.getString("to")).put("currency", "USD")
      .put("revenue", 8_996).put("returns", 1_999).put("net_revenue", 6_997).put("cost_of_goods_sold", 2_050)
      .put("gross_profit", 4_947).put("expenses", 0).put("net_income", 4_947), income);

    var sheet = accounting.ok("/accounting/reports/balance-sheet");
    // cash 8,996 - 1,999; inventory: mugs 9 x 800 + teas 3 x 1,250
    assertEquals(new JsonObject().put("as_of", sheet.getString("as_of")).put("currency", "USD").put("assets", 6_997 + 10_950)
      .put("liabilities", 13_000).put("equity", 0).put("current_earnings", 4_947).put("liabilities_and_equity", 17_947)
      .put("balanced", true), sheet);
    assertEquals(9 * 800 + 3 * 1_250, accounting.balances().get("1200"));

    var refund = accounting.ok("/accounting/journal-entries?source=order.refunded").getJsonArray("items").getJsonObject(0);
    assertEquals(first.toString(), refund.getString("order_id"));
    assertEquals(events.get(7).id().toString(), refund.getString("event_id"), "an entry names the event it was posted from");
    eventually(() -> accounting.count("SELECT count(*) FROM outbox WHERE type = 'shopifygenie.journal_entry.posted'"
      + " AND published_at IS NOT NULL") == 8);
  }

  static String account(String code, long debit, long credit) {
    return code + " " + debit + " " + credit;
  }
}
