package com.shopifygenie.accounting;

import io.vertx.core.json.JsonObject;

/** An account's debit and credit totals over some dates, as the database summed its lines. */
record AccountBalance(Account account, long debit, long credit) {

  /** The balance on the account's normal side: positive when it holds what it usually holds. */
  long balance() {
    return account.normalSide() == Side.DEBIT ? Math.subtractExact(debit, credit) : Math.subtractExact(credit, debit);
  }

  /** Debits less credits: what the account adds on the debit side of the books. */
  long debitBalance() {
    return Math.subtractExact(debit, credit);
  }

  JsonObject toJson() {
    return account.toJson().put("debit", debit).put("credit", credit).put("balance", balance());
  }
}
