package com.shopifygenie.customers;

import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Page;
import com.shopifygenie.platform.PageCursor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/** Communication preferences: the current consent, its changes, and their history. */
final class PreferenceOperations {

  /** Where a change came from when the request does not say. */
  static final String DEFAULT_SOURCE = "api";

  private final Pool pool;
  private final ProfileStore profiles;
  private final ConsentStore consent;
  private final CustomerAccess access;

  PreferenceOperations(Pool pool, ProfileStore profiles, ConsentStore consent, CustomerAccess access) {
    this.pool = pool;
    this.profiles = profiles;
    this.consent = consent;
    this.access = access;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of(
      "getPreferences", this::getPreferences,
      "updatePreferences", this::updatePreferences,
      "listPreferenceHistory", this::listPreferenceHistory);
  }

  Future<OperationResponse> getPreferences(OperationRequest req) {
    return access.reach(req.caller(), ProfileOperations.customerId(req))
      .compose(id -> consent.history(pool, id))
      .map(history -> OperationResponse.ok(toJson(Consent.from(history))));
  }

  /** The whole state is sent; only what differs from the current state becomes history. */
  Future<OperationResponse> updatePreferences(OperationRequest req) {
    var body = req.bodyObject();
    var wanted = wanted(body);
    var source = body.getString("source", DEFAULT_SOURCE);
    return access.reach(req.caller(), ProfileOperations.customerId(req)).compose(id ->
      pool.withTransaction(tx -> profiles.lock(tx, id)
        .compose(v -> consent.history(tx, id))
        .compose(history -> consent.record(tx, id, Consent.from(history).changesTo(wanted, source), req.caller()))
        .compose(v -> consent.history(tx, id))))
      .map(history -> OperationResponse.ok(toJson(Consent.from(history))));
  }

  Future<OperationResponse> listPreferenceHistory(OperationRequest req) {
    var limit = req.query().getInteger("limit", 20);
    var after = PageCursor.decode(req);
    return access.reach(req.caller(), ProfileOperations.customerId(req))
      .compose(id -> consent.page(pool, id, after, limit))
      .map(rows -> OperationResponse.ok(Page.of(rows, limit, ConsentStore::toJson,
        last -> new PageCursor(last.getOffsetDateTime("at"), last.getUUID("id")).encode(req))));
  }

  private static Map<Consent.Channel, Map<Consent.Purpose, Boolean>> wanted(JsonObject body) {
    var wanted = new EnumMap<Consent.Channel, Map<Consent.Purpose, Boolean>>(Consent.Channel.class);
    for (var channel : Consent.Channel.values()) {
      var json = body.getJsonObject(channel.wireName());
      var byPurpose = new EnumMap<Consent.Purpose, Boolean>(Consent.Purpose.class);
      for (var purpose : Consent.Purpose.values()) {
        byPurpose.put(purpose, json.getBoolean(purpose.wireName()));
      }
      wanted.put(channel, byPurpose);
    }
    return wanted;
  }

  private static JsonObject toJson(Consent state) {
    var json = new JsonObject();
    state.asMap().forEach((channel, byPurpose) -> {
      var purposes = new JsonObject();
      byPurpose.forEach((purpose, granted) -> purposes.put(purpose.wireName(), granted));
      json.put(channel.wireName(), purposes);
    });
    return json;
  }
}
