package com.shopifygenie.customers;

import com.shopifygenie.platform.IdempotencyKeys;
import com.shopifygenie.platform.Ids;
import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** The address operations of schemas/openapi/customers.yaml; every one goes through {@link CustomerAccess}. */
final class AddressOperations {

  /** A customer's address book stays a list one can read in one answer. */
  static final int MAX_ADDRESSES = 50;

  private final Pool pool;
  private final ProfileStore profiles;
  private final AddressStore addresses;
  private final CustomerAccess access;
  private final IdempotencyKeys idempotency;

  AddressOperations(Pool pool, ProfileStore profiles, AddressStore addresses, CustomerAccess access,
                    IdempotencyKeys idempotency) {
    this.pool = pool;
    this.profiles = profiles;
    this.addresses = addresses;
    this.access = access;
    this.idempotency = idempotency;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of(
      "listAddresses", this::listAddresses,
      "createAddress", this::createAddress,
      "getAddress", this::getAddress,
      "updateAddress", this::updateAddress,
      "deleteAddress", this::deleteAddress);
  }

  Future<OperationResponse> listAddresses(OperationRequest req) {
    return access.reach(req.caller(), ProfileOperations.customerId(req))
      .compose(id -> addresses.of(pool, id))
      .map(all -> {
        var items = new JsonArray();
        all.forEach(a -> items.add(a.toJson()));
        return OperationResponse.ok(new JsonObject().put("items", items));
      });
  }

  Future<OperationResponse> createAddress(OperationRequest req) {
    var body = req.bodyObject();
    checkCountry(body);
    return access.reach(req.caller(), ProfileOperations.customerId(req)).compose(customerId ->
      idempotency.once(req, tx -> profiles.lock(tx, customerId)
        .compose(v -> addresses.count(tx, customerId))
        .compose(count -> count >= MAX_ADDRESSES
          ? Future.failedFuture(Problem.conflict("A customer keeps at most " + MAX_ADDRESSES + " addresses"))
          : addresses.save(tx, Address.from(Ids.next(), customerId, body)))
        .map(a -> OperationResponse.created(a.toJson(), "/customers/" + customerId + "/addresses/" + a.id()))));
  }

  Future<OperationResponse> getAddress(OperationRequest req) {
    var id = addressId(req);
    return access.reach(req.caller(), ProfileOperations.customerId(req))
      .compose(customerId -> addresses.byId(pool, customerId, id))
      .compose(found -> found.map(a -> Future.succeededFuture(OperationResponse.ok(a.toJson())))
        .orElseGet(() -> Future.failedFuture(Problem.notFound("address", id))));
  }

  Future<OperationResponse> updateAddress(OperationRequest req) {
    var id = addressId(req);
    var change = req.bodyObject();
    checkCountry(change);
    return access.reach(req.caller(), ProfileOperations.customerId(req)).compose(customerId ->
      pool.withTransaction(tx -> profiles.lock(tx, customerId)
        .compose(v -> addresses.byId(tx, customerId, id))
        .compose(found -> found.map(a -> addresses.save(tx, a.merged(change)))
          .orElseGet(() -> Future.failedFuture(Problem.notFound("address", id))))))
      .map(a -> OperationResponse.ok(a.toJson()));
  }

  Future<OperationResponse> deleteAddress(OperationRequest req) {
    var id = addressId(req);
    return access.reach(req.caller(), ProfileOperations.customerId(req)).compose(customerId ->
      pool.withTransaction(tx -> profiles.lock(tx, customerId).compose(v -> addresses.delete(tx, customerId, id))))
      .compose(deleted -> deleted ? Future.succeededFuture(OperationResponse.noContent())
        : Future.failedFuture(Problem.notFound("address", id)));
  }

  private static void checkCountry(JsonObject body) {
    var country = body.getString("country");
    if (country != null && !Countries.isAssigned(country)) {
      throw Problem.validation("/country", "iso-3166-1-alpha-2",
        country + " is not an assigned ISO 3166-1 alpha-2 country code");
    }
  }

  private static UUID addressId(OperationRequest req) {
    return UUID.fromString(req.pathParam("address_id"));
  }
}
