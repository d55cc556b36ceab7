package com.shopifygenie.customers;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.customers.CustomersSystem.assertProblem;
import static com.shopifygenie.customers.CustomersSystem.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A customer's addresses through HTTP: CRUD, one default of each kind, countries, and who may touch them. */
@ExtendWith(VertxExtension.class)
class AddressesApiTest {

  static CustomersSystem sys;

  @BeforeAll
  static void start(Vertx vertx) {
    sys = CustomersSystem.start(vertx, Map.of());
  }

  @AfterAll
  static void stop() {
    sys.stop();
  }

  static JsonObject address(String line1) {
    return new JsonObject().put("name", "Ada Lovelace").put("line1", line1).put("city", "London")
      .put("postal_code", "W1 1AA").put("country", "GB");
  }

  @Test
  void aCustomerKeepsItsAddresses() {
    var id = UUID.randomUUID();
    var token = sys.customerToken(id);
    var base = "/customers/" + id + "/addresses";
    var created = sys.send(HttpMethod.POST, base, address("1 Main St").put("line2", "Flat 2"), token);
    var home = ok(201, created);
    assertEquals(base + "/" + home.getString("id"), created.header("Location"));
    assertFalse(home.getBoolean("default_shipping"));
    assertEquals(home, ok(200, sys.get(base + "/" + home.getString("id"), token)));

    var changed = ok(200, sys.send(HttpMethod.PATCH, base + "/" + home.getString("id"),
      new JsonObject().put("city", "Leeds").putNull("line2"), token));
    assertEquals("Leeds", changed.getString("city"));
    assertNull(changed.getString("line2"));
    assertEquals("1 Main St", changed.getString("line1"));

    ok(201, sys.send(HttpMethod.POST, base, address("2 Side St"), token));
    assertEquals(2, ok(200, sys.get(base, token)).getJsonArray("items").size());
    assertEquals(204, sys.send(HttpMethod.DELETE, base + "/" + home.getString("id"), null, token).status());
    assertEquals(404, sys.get(base + "/" + home.getString("id"), token).status());
    assertEquals(404, sys.send(HttpMethod.DELETE, base + "/" + home.getString("id"), null, token).status());
    assertEquals(1, ok(200, sys.get(base, token)).getJsonArray("items").size());
  }

  @Test
  void aNewDefaultTakesThePlaceOfThePreviousOne() {
    var id = UUID.randomUUID();
    var token = sys.customerToken(id);
    var base = "/customers/" + id + "/addresses";
    var first = ok(201, sys.send(HttpMethod.POST, base, address("1 A St").put("default_shipping", true)
      .put("default_billing", true), token));
    var second = ok(201, sys.send(HttpMethod.POST, base, address("2 B St").put("default_shipping", true), token));
    assertTrue(second.getBoolean("default_shipping"));
    var firstNow = ok(200, sys.get(base + "/" + first.getString("id"), token));
    assertFalse(firstNow.getBoolean("default_shipping"));
    assertTrue(firstNow.getBoolean("default_billing"));

    ok(200, sys.send(HttpMethod.PATCH, base + "/" + second.getString("id"), new JsonObject().put("default_billing", true), token));
    var all = ok(200, sys.get(base, token)).getJsonArray("items");
    assertEquals(1, all.stream().filter(a -> ((JsonObject) a).getBoolean("default_shipping")).count());
    assertEquals(1, all.stream().filter(a -> ((JsonObject) a).getBoolean("default_billing")).count());
    assertEquals(second.getString("id"), all.stream().map(JsonObject.class::cast)
      .filter(a -> a.getBoolean("default_billing")).findFirst().orElseThrow().getString("id"));
  }

  @Test
  void aCountryIsAnAssignedIsoCode() {
    var id = UUID.randomUUID();
    var token = sys.customerToken(id);
    var base = "/customers/" + id + "/addresses";
    assertProblem(400, "/country", "iso-3166-1-alpha-2", sys.send(HttpMethod.POST, base, address("x").put("country", "UK"), token));
    assertProblem(400, "/country", "pattern", sys.send(HttpMethod.POST, base, address("x").put("country", "gbr"), token));
    var kept = ok(201, sys.send(HttpMethod.POST, base, address("x"), token));
    assertProblem(400, "/country", "iso-3166-1-alpha-2", sys.send(HttpMethod.PATCH, base + "/" + kept.getString("id"),
      new JsonObject().put("country", "XX"), token));
    var withoutLine1 = address("x");
    withoutLine1.remove("line1");
    assertProblem(400, "/line1", "required", sys.send(HttpMethod.POST, base, withoutLine1, token));
  }

  @Test
  void aCustomerNeitherSeesNorTouchesAnothersAddresses() {
    var owner = UUID.randomUUID();
    var ownerToken = sys.customerToken(owner);
    var base = "/customers/" + owner + "/addresses";
    var kept = ok(201, sys.send(HttpMethod.POST, base, address("1 Own St"), ownerToken));
    var other = sys.customerToken(UUID.randomUUID());
    var one = base + "/" + kept.getString("id");
    assertEquals(404, sys.get(base, other).status());
    assertEquals(404, sys.get(one, other).status());
    assertEquals(404, sys.send(HttpMethod.POST, base, address("2 Evil St"), other).status());
    assertEquals(404, sys.send(HttpMethod.PATCH, one, new JsonObject().put("city", "Nowhere"), other).status());
    assertEquals(404, sys.send(HttpMethod.DELETE, one, null, other).status());
    assertEquals("London", ok(200, sys.get(one, sys.staff)).getString("city"));
    assertEquals(1, ok(200, sys.get(base, ownerToken)).getJsonArray("items").size());
    // nor reaches it under its own id
    var otherId = UUID.randomUUID();
    assertEquals(404, sys.get("/customers/" + otherId + "/addresses/" + kept.getString("id"),
      sys.customerToken(otherId)).status());
  }
}
