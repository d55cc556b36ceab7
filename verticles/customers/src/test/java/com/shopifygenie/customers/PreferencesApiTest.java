package com.shopifygenie.customers;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.customers.CustomersSystem.assertProblem;
import static com.shopifygenie.customers.CustomersSystem.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Communication preferences: the consent history in order, the state derived from it, and who may see it. */
@ExtendWith(VertxExtension.class)
class PreferencesApiTest {

  static CustomersSystem sys;

  @BeforeAll
  static void start(Vertx vertx) {
    sys = CustomersSystem.start(vertx, Map.of());
  }

  @AfterAll
  static void stop() {
    sys.stop();
  }

  static JsonObject pair(boolean marketing, boolean orderUpdates) {
    return new JsonObject().put("marketing", marketing).put("order_updates", orderUpdates);
  }

  static JsonObject preferences(JsonObject email, JsonObject sms, JsonObject push) {
    return new JsonObject().put("email", email).put("sms", sms).put("push", push);
  }

  static List<JsonObject> history(String customerId, String token) {
    var all = new ArrayList<JsonObject>();
    String cursor = null;
    do {
      var page = ok(200, sys.get("/customers/" + customerId + "/preferences/history?limit=2"
        + (cursor == null ? "" : "&cursor=" + cursor), token));
      page.getJsonArray("items").forEach(c -> all.add((JsonObject) c));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    return all;
  }

  /** "channel purpose granted source role", for a history compared at a glance. */
  static List<String> described(List<JsonObject> history) {
    return history.stream().map(c -> c.getString("channel") + " " + c.getString("purpose") + " "
      + c.getBoolean("granted") + " " + c.getString("source") + " " + c.getJsonObject("changed_by").getString("role"))
      .toList();
  }

  @Test
  void grantsAndWithdrawalsAreKeptInOrderAndTheStateFollowsThem() {
    var id = UUID.randomUUID();
    var token = sys.customerToken(id);
    var path = "/customers/" + id + "/preferences";
    var none = preferences(pair(false, false), pair(false, false), pair(false, false));
    assertEquals(none, ok(200, sys.get(path, token)));

    var first = preferences(pair(true, true), pair(false, true), pair(false, false)).put("source", "web");
    assertEquals(preferences(pair(true, true), pair(false, true), pair(false, false)),
      ok(200, sys.send(HttpMethod.PUT, path, first, token)));
    // the same state again records nothing
    ok(200, sys.send(HttpMethod.PUT, path, first, token));
    // staff take the marketing email withdrawal on the phone, and grant push order updates
    var second = preferences(pair(false, true), pair(false, true), pair(false, true)).put("source", "phone");
    ok(200, sys.send(HttpMethod.PUT, path, second, sys.staff));
    // the customer grants marketing email again, without saying where
    var third = preferences(pair(true, true), pair(false, true), pair(false, true));
    var now = ok(200, sys.send(HttpMethod.PUT, path, third, token));
    assertEquals(third, now);
    assertEquals(now, ok(200, sys.get(path, sys.staff)));

    var history = history(id.toString(), token);
    assertEquals(List.of(
      "email marketing true web customer",
      "email order_updates true web customer",
      "sms order_updates true web customer",
      "email marketing false phone staff",
      "push order_updates true phone staff",
      "email marketing true api customer"), described(history));
    for (int i = 1; i < history.size(); i++) {
      assertTrue(history.get(i - 1).getString("at").compareTo(history.get(i).getString("at")) <= 0, history::toString);
    }
    assertEquals(id.toString(), history.get(0).getJsonObject("changed_by").getString("user_id"));
  }

  @Test
  void everyChannelAndPurposeMustBeSent() {
    var id = UUID.randomUUID();
    var token = sys.customerToken(id);
    var path = "/customers/" + id + "/preferences";
    assertProblem(400, "/push", "required", sys.send(HttpMethod.PUT, path,
      new JsonObject().put("email", pair(true, true)).put("sms", pair(true, true)), token));
    assertProblem(400, "/sms/marketing", "required", sys.send(HttpMethod.PUT, path,
      preferences(pair(true, true), new JsonObject().put("order_updates", true), pair(true, true)), token));
    assertProblem(400, "/source", "enum", sys.send(HttpMethod.PUT, path,
      preferences(pair(true, true), pair(true, true), pair(true, true)).put("source", "pigeon"), token));
    assertEquals(0, history(id.toString(), token).size());
  }

  @Test
  void aCustomerNeitherSeesNorChangesAnothersPreferences() {
    var owner = UUID.randomUUID();
    var ownerToken = sys.customerToken(owner);
    var path = "/customers/" + owner + "/preferences";
    ok(200, sys.send(HttpMethod.PUT, path, preferences(pair(true, true), pair(false, false), pair(false, false)), ownerToken));
    var other = sys.customerToken(UUID.randomUUID());
    assertEquals(404, sys.get(path, other).status());
    assertEquals(404, sys.get(path + "/history", other).status());
    assertEquals(404, sys.send(HttpMethod.PUT, path, preferences(pair(false, false), pair(true, true), pair(true, true)),
      other).status());
    assertEquals(2, history(owner.toString(), ownerToken).size());
  }
}
