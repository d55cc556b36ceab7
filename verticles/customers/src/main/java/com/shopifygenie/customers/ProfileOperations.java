package com.shopifygenie.customers;

import com.shopifygenie.platform.IdempotencyKeys;
import com.shopifygenie.platform.Ids;
import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Page;
import com.shopifygenie.platform.PageCursor;
import com.shopifygenie.platform.Problem;
import com.shopifygenie.platform.SqlStates;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** The profile operations of schemas/openapi/customers.yaml. */
final class ProfileOperations {

  private final Pool pool;
  private final ProfileStore profiles;
  private final CustomerAccess access;
  private final IdempotencyKeys idempotency;

  ProfileOperations(Pool pool, ProfileStore profiles, CustomerAccess access, IdempotencyKeys idempotency) {
    this.pool = pool;
    this.profiles = profiles;
    this.access = access;
    this.idempotency = idempotency;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of(
      "createCustomer", this::createCustomer,
      "listCustomers", this::listCustomers,
      "getMyProfile", this::getMyProfile,
      "getCustomer", this::getCustomer,
      "updateCustomer", this::updateCustomer);
  }

  Future<OperationResponse> createCustomer(OperationRequest req) {
    var body = req.bodyObject();
    var details = new ProfileStore.Details(body.getString("first_name"), body.getString("last_name"),
      body.getString("email"), body.getString("phone"));
    return idempotency.once(req, tx -> emailFree(tx, details.email(), null)
      .compose(v -> profiles.create(tx, Ids.next(), details))
      .map(p -> OperationResponse.created(p.toJson(), "/customers/" + p.id())))
      .recover(ProfileOperations::emailConflict);
  }

  Future<OperationResponse> listCustomers(OperationRequest req) {
    var limit = req.query().getInteger("limit", 20);
    var after = PageCursor.decode(req);
    var tier = req.query().getString("tier");
    var segment = req.query().getString("segment");
    var filter = new ProfileStore.Filter(req.query().getString("q"), tier == null ? null : Tier.fromWire(tier),
      segment == null ? null : Segment.fromWire(segment));
    return profiles.page(pool, filter, after, limit)
      .map(found -> OperationResponse.ok(Page.of(found, limit, Profile::toJson,
        last -> new PageCursor(last.createdAt(), last.id()).encode(req))));
  }

  Future<OperationResponse> getMyProfile(OperationRequest req) {
    return access.me(req.caller()).map(p -> OperationResponse.ok(p.toJson()));
  }

  Future<OperationResponse> getCustomer(OperationRequest req) {
    return access.profile(req.caller(), customerId(req)).map(p -> OperationResponse.ok(p.toJson()));
  }

  /** A registered customer's email is its login: auth owns it, and this profile only follows auth's events. */
  Future<OperationResponse> updateCustomer(OperationRequest req) {
    var body = req.bodyObject();
    var change = new ProfileStore.Details(body.getString("first_name"), body.getString("last_name"),
      body.getString("email"), body.getString("phone"));
    var clearPhone = body.containsKey("phone") && body.getValue("phone") == null;
    return access.profile(req.caller(), customerId(req)).compose(profile -> {
        if (change.email() != null && profile.registered() && !change.email().equalsIgnoreCase(profile.email())) {
          return Future.failedFuture(Problem.unprocessable("/email", "owned-by-auth",
            "A registered customer's email is its login; it changes in auth, not here"));
        }
        var email = profile.registered() ? null : change.email();
        var applied = new ProfileStore.Details(change.firstName(), change.lastName(), email, change.phone());
        return pool.withTransaction(tx -> emailFree(tx, email, profile.id())
          .compose(v -> profiles.update(tx, profile.id(), applied, clearPhone)));
      })
      .map(p -> OperationResponse.ok(p.toJson()))
      .recover(ProfileOperations::emailConflict);
  }

  private Future<Void> emailFree(SqlClient tx, String email, UUID except) {
    if (email == null) {
      return Future.succeededFuture();
    }
    return profiles.emailTaken(tx, email, except).compose(taken -> taken
      ? Future.failedFuture(Problem.conflict("Another customer has the email " + email))
      : Future.succeededFuture());
  }

  /** Two staff creating the same email at once: the index takes one, the other learns why. */
  private static Future<OperationResponse> emailConflict(Throwable failure) {
    return Future.failedFuture(SqlStates.isUniqueViolation(failure)
      ? Problem.conflict("Another customer has this email") : failure);
  }

  static UUID customerId(OperationRequest req) {
    return UUID.fromString(req.pathParam("customer_id"));
  }
}
