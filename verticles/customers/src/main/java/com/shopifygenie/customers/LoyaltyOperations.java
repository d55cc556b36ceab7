package com.shopifygenie.customers;

import com.shopifygenie.platform.IdempotencyKeys;
import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Page;
import com.shopifygenie.platform.PageCursor;
import com.shopifygenie.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.Map;
import java.util.function.Function;

/** The loyalty operations: an account with its ledger, and redemptions. */
final class LoyaltyOperations {

  private final Pool pool;
  private final LoyaltyStore store;
  private final LoyaltyLedger ledger;
  private final Tiers tiers;
  private final CustomerAccess access;
  private final IdempotencyKeys idempotency;

  LoyaltyOperations(Pool pool, LoyaltyStore store, LoyaltyLedger ledger, Tiers tiers, CustomerAccess access,
                    IdempotencyKeys idempotency) {
    this.pool = pool;
    this.store = store;
    this.ledger = ledger;
    this.tiers = tiers;
    this.access = access;
    this.idempotency = idempotency;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of("getLoyalty", this::getLoyalty, "redeemPoints", this::redeemPoints);
  }

  Future<OperationResponse> getLoyalty(OperationRequest req) {
    var limit = req.query().getInteger("limit", 20);
    var after = PageCursor.decode(req);
    return access.reach(req.caller(), ProfileOperations.customerId(req)).compose(id -> Future.all(
        store.account(pool, id), store.pointsInWindow(pool, id, tiers.window()), store.ledger(pool, id, after, limit))
      .map(parts -> {
        var account = parts.<java.util.Optional<LoyaltyStore.Account>>resultAt(0)
          .orElse(new LoyaltyStore.Account(id, 0, 0, Tier.BRONZE));
        return OperationResponse.ok(new JsonObject().put("customer_id", id.toString())
          .put("balance", account.balance()).put("lifetime_points", account.lifetimePoints())
          .put("tier", account.tier().wireName()).put("points_in_window", parts.<Long>resultAt(1))
          .put("tier_window_days", tiers.window().toDays())
          .put("ledger", Page.of(parts.resultAt(2), limit, LoyaltyStore::entryJson,
            last -> new PageCursor(last.getOffsetDateTime("at"), last.getUUID("id")).encode(req))));
      }));
  }

  Future<OperationResponse> redeemPoints(OperationRequest req) {
    var body = req.bodyObject();
    var points = body.getLong("points");
    var reason = body.getString("reason");
    return access.reach(req.caller(), ProfileOperations.customerId(req)).compose(id ->
      idempotency.once(req, tx -> ledger.redeem(tx, id, points, reason)
        .map(r -> OperationResponse.created(new JsonObject().put("id", r.id().toString())
          .put("customer_id", r.customerId().toString()).put("points", r.points()).put("balance", r.balance())
          .put("reason", r.reason()).put("at", Times.format(r.at())),
          "/customers/" + id + "/loyalty"))));
  }
}
