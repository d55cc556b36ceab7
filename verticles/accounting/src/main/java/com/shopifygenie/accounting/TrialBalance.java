package com.shopifygenie.accounting;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.util.List;

/** Every account's debit and credit totals as of a day; in a sound journal the two totals are equal. */
record TrialBalance(LocalDate asOf, String currency, List<AccountBalance> accounts) {

  long debits() {
    return accounts.stream().mapToLong(AccountBalance::debit).reduce(0, Math::addExact);
  }

  long credits() {
    return accounts.stream().mapToLong(AccountBalance::credit).reduce(0, Math::addExact);
  }

  JsonObject toJson() {
    var rows = new JsonArray();
    accounts.forEach(a -> rows.add(new JsonObject().put("code", a.account().code()).put("name", a.account().name())
      .put("type", a.account().type().wireName()).put("debit", a.debit()).put("credit", a.credit())));
    return new JsonObject().put("as_of", asOf.toString()).put("currency", currency).put("accounts", rows)
      .put("total_debit", debits()).put("total_credit", credits()).put("balanced", debits() == credits());
  }

  String toCsv() {
    var csv = new Csv("code", "name", "type", "debit", "credit");
    accounts.forEach(a -> csv.row(a.account().code(), a.account().name(), a.account().type().wireName(), a.debit(),
      a.credit()));
    return csv.row("total", "", "", debits(), credits()).toString();
  }
}
