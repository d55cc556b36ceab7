package com.shopifygenie.accounting;

import com.shopifygenie.platform.AmountLimit;
import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The financial reports of schemas/openapi/accounting.yaml, summed by the database per account
 * and answered as JSON, or as CSV to a client that asks for text/csv.
 */
final class ReportOperations {

  private static final String DEFAULT_CURRENCY = "USD";
  private static final String CSV = "text/csv";

  private final Pool pool;
  private final AccountStore accounts;

  ReportOperations(Pool pool, AccountStore accounts) {
    this.pool = pool;
    this.accounts = accounts;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of("trialBalance", this::trialBalance, "incomeStatement", this::incomeStatement,
      "balanceSheet", this::balanceSheet);
  }

  Future<OperationResponse> trialBalance(OperationRequest req) {
    var asOf = Dates.query(req, "as_of", Dates.today());
    var currency = currency(req);
    return AmountLimit.told(accounts.balances(pool, null, asOf, currency)
      .map(balances -> new TrialBalance(asOf, currency, balances))
      .map(report -> answer(req, report.toJson(), report::toCsv)), "query.as_of", "an earlier date");
  }

  Future<OperationResponse> incomeStatement(OperationRequest req) {
    var from = Dates.query(req, "from", null);
    var to = Dates.query(req, "to", Dates.today());
    if (from != null && to.isBefore(from)) {
      return Future.failedFuture(Problem.validation("query.to", "not-before-from", "to must be on or after from"));
    }
    var currency = currency(req);
    return AmountLimit.told(accounts.balances(pool, from, to, currency, IncomeStatement.ACCOUNT_TYPES)
      .map(balances -> IncomeStatement.of(from, to, currency, balances))
      .map(report -> answer(req, report.toJson(), report::toCsv)), from == null ? "query.to" : "query.from", "a shorter period");
  }

  Future<OperationResponse> balanceSheet(OperationRequest req) {
    var asOf = Dates.query(req, "as_of", Dates.today());
    var currency = currency(req);
    return AmountLimit.told(accounts.balances(pool, null, asOf, currency)
      .map(balances -> BalanceSheet.of(asOf, currency, balances))
      .map(report -> answer(req, report.toJson(), report::toCsv)), "query.as_of", "an earlier date");
  }

  private static String currency(OperationRequest req) {
    return req.query().getString("currency", DEFAULT_CURRENCY);
  }

  /** CSV when the client's Accept names text/csv, JSON otherwise. */
  private static OperationResponse answer(OperationRequest req, JsonObject json, Supplier<String> csv) {
    var accept = req.header("accept");
    if (accept != null && accept.toLowerCase(Locale.ROOT).contains(CSV)) {
      return new OperationResponse(200, new JsonObject().put("Content-Type", CSV + "; charset=utf-8"), csv.get());
    }
    return OperationResponse.ok(json);
  }
}
