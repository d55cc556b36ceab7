package com.shopifygenie.accounting;

import io.vertx.core.json.JsonObject;

import java.util.List;

/** One line of a journal entry: an amount in minor units (more than 0) on one side of one account. */
record JournalLine(String accountCode, Side side, long amount) {

  JournalLine {
    if (amount <= 0) {
      throw new IllegalArgumentException("a journal line moves more than 0, not " + amount);
    }
  }

  static JournalLine debit(String accountCode, long amount) {
    return new JournalLine(accountCode, Side.DEBIT, amount);
  }

  static JournalLine credit(String accountCode, long amount) {
    return new JournalLine(accountCode, Side.CREDIT, amount);
  }

  JournalLine reversed() {
    return new JournalLine(accountCode, side.opposite(), amount);
  }

  /** Two lines or more whose debits equal their credits: the only entries the journal takes. */
  static boolean balanced(List<JournalLine> lines) {
    return lines.size() >= 2 && total(lines, Side.DEBIT) == total(lines, Side.CREDIT);
  }

  static long total(List<JournalLine> lines, Side side) {
    return lines.stream().filter(l -> l.side() == side).mapToLong(JournalLine::amount).reduce(0, Math::addExact);
  }

  JsonObject toJson() {
    return new JsonObject().put("account_code", accountCode).put("side", side.wireName()).put("amount", amount);
  }
}
