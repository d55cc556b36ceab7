package com.shopifygenie.accounting;

import com.shopifygenie.platform.AmountLimit;
import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Problem;
import com.shopifygenie.platform.SqlStates;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.Currency;
import java.util.Map;
import java.util.function.Function;

/** createAccount and listAccounts of schemas/openapi/accounting.yaml. */
final class AccountOperations {

  private final Pool pool;
  private final AccountStore accounts;

  AccountOperations(Pool pool, AccountStore accounts) {
    this.pool = pool;
    this.accounts = accounts;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of("createAccount", this::createAccount, "listAccounts", this::listAccounts);
  }

  /**
   * An account of a currency's chart: its code free in that currency (a 409 otherwise), whatever
   * other currencies keep under it. A code of the chart ({@link Chart#ACCOUNTS}) takes the chart's
   * type (a 422 otherwise) and side in every currency: postings from events will use the account. The
   * side comes from the chart, so a contra account (4100, sales returns: revenue on the debit side)
   * opens as one.
   */
  Future<OperationResponse> createAccount(OperationRequest req) {
    var body = req.bodyObject();
    var code = body.getString("code");
    var currency = body.getString("currency");
    var type = AccountType.fromWire(body.getString("type"));
    if (!isIsoCurrency(currency)) {
      return Future.failedFuture(Problem.unprocessable("/currency", "iso-4217", currency + " is no ISO 4217 currency"));
    }
    var seeded = Chart.seeded(code);
    if (seeded.isPresent() && seeded.get().type() != type) {
      return Future.failedFuture(Problem.unprocessable("/type", "chart-account", "The code " + code + " is the chart's "
        + seeded.get().describe() + ", in every currency: an account under it is one too, or takes another code"));
    }
    var side = seeded.map(Chart.Seeded::normalSide).orElse(type.normalSide);
    return accounts.insert(pool, code, body.getString("name"), type, side, currency)
      .map(account -> new OperationResponse(201, new JsonObject(), account.toJson()))
      .recover(e -> Future.failedFuture(SqlStates.isUniqueViolation(e)
        ? Problem.conflict("An account with the code " + code + " exists in " + currency) : e));
  }

  /** Every account with its totals as of a day (today when not given). */
  Future<OperationResponse> listAccounts(OperationRequest req) {
    var asOf = Dates.query(req, "as_of", Dates.today());
    return AmountLimit.told(accounts.balances(pool, null, asOf, req.query().getString("currency"))
      .map(balances -> {
        var items = new JsonArray();
        balances.forEach(b -> items.add(b.toJson()));
        return OperationResponse.ok(new JsonObject().put("as_of", asOf.toString()).put("items", items));
      }), "query.as_of", "an earlier date");
  }

  static boolean isIsoCurrency(String code) {
    try {
      Currency.getInstance(code);
      return true;
    } catch (IllegalArgumentException | NullPointerException unknown) {
      return false;
    }
  }
}
