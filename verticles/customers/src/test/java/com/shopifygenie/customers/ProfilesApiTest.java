package com.shopifygenie.customers;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.testkit.EventSchemas;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.customers.CustomersSystem.assertProblem;
import static com.shopifygenie.customers.CustomersSystem.ok;
import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Profiles through HTTP: from registration, by staff, and who may read and change which. */
@ExtendWith(VertxExtension.class)
class ProfilesApiTest {

  static CustomersSystem sys;

  @BeforeAll
  static void start(Vertx vertx) {
    sys = CustomersSystem.start(vertx, Map.of());
  }

  @AfterAll
  static void stop() {
    sys.stop();
  }

  static JsonObject newCustomer(String first, String last) {
    return new JsonObject().put("first_name", first).put("last_name", last);
  }

  @Test
  void registrationCreatesTheProfileWithAuthsEmail() {
    var customer = sys.registeredCustomer();
    var profile = ok(200, sys.get("/customers/" + customer.getString("id"), sys.staff));
    assertEquals(customer.getString("email"), profile.getString("email"));
    assertEquals(customer.getString("id"), profile.getString("user_id"));
    assertEquals(profile, ok(200, sys.get("/customers/me", customer.getString("token"))));
  }

  @Test
  void staffAccountsGetNoProfile() {
    var email = "staff-" + UUID.randomUUID() + "@example.com";
    var created = sys.api.post("/users", new JsonObject().put("email", email).put("password", "password-1")
      .put("role", "staff"), sys.admin());
    assertEquals(201, created.status(), created::toString);
    // the customer registered after the staff member: once its profile is here, so is the staff event
    sys.registeredCustomer();
    assertEquals(404, sys.get("/customers/" + created.json().getString("id"), sys.staff).status());
    assertEquals(404, sys.get("/customers/me", sys.staff).status());
  }

  @Test
  void aCustomerHasItsProfileBeforeItsRegistrationEventArrives() {
    var id = UUID.randomUUID();
    var token = sys.customerToken(id);
    var me = ok(200, sys.get("/customers/me", token));
    assertEquals(id.toString(), me.getString("id"));
    assertNull(me.getString("email"));
    var changed = ok(200, sys.send(HttpMethod.PATCH, "/customers/" + id, newCustomer("Ada", "Lovelace"), token));
    assertEquals("Ada", changed.getString("first_name"));
    // auth's event arrives later: the email joins the name the customer gave
    sys.publish(CustomersSystem.AUTH, CustomersSystem.AUTH.event("user.registered", id, new JsonObject()
      .put("user_id", id.toString()).put("email", "ada@example.com").put("role", "customer")));
    var profile = ok(200, sys.get("/customers/me", token));
    assertEquals("ada@example.com", profile.getString("email"));
    assertEquals("Lovelace", profile.getString("last_name"));
  }

  @Test
  void staffCreateReadChangeAndFindProfiles() {
    var marker = UUID.randomUUID().toString().substring(0, 8);
    var created = sys.send(HttpMethod.POST, "/customers", newCustomer("Grace", "Hopper-" + marker)
      .put("email", "grace-" + marker + "@example.com").put("phone", "+14155550100"), sys.staff);
    var profile = ok(201, created);
    assertEquals("/customers/" + profile.getString("id"), created.header("Location"));
    assertNull(profile.getString("user_id"));
    assertEquals(profile, ok(200, sys.get("/customers/" + profile.getString("id"), sys.staff)));

    var changed = ok(200, sys.send(HttpMethod.PATCH, "/customers/" + profile.getString("id"),
      new JsonObject().put("email", "g-" + marker + "@example.com").putNull("phone"), sys.staff));
    assertEquals("g-" + marker + "@example.com", changed.getString("email"));
    assertNull(changed.getString("phone"));
    assertEquals("Grace", changed.getString("first_name"));

    for (var q : List.of(marker, "G-" + marker.toUpperCase(), "grace hopper-" + marker)) {
      var found = ok(200, sys.get("/customers?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), sys.staff)).getJsonArray("items");
      assertEquals(1, found.size(), q);
      assertEquals(profile.getString("id"), found.getJsonObject(0).getString("id"));
    }
  }

  @Test
  void theListPagesThroughEveryProfileOnce() {
    var marker = "Page" + UUID.randomUUID().toString().substring(0, 8);
    var ids = new ArrayList<String>();
    for (int i = 0; i < 5; i++) {
      ids.add(ok(201, sys.send(HttpMethod.POST, "/customers", newCustomer("P" + i, marker), sys.staff)).getString("id"));
    }
    var seen = new ArrayList<String>();
    String cursor = null;
    do {
      var page = ok(200, sys.get("/customers?limit=2&q=" + marker + (cursor == null ? "" : "&cursor=" + cursor), sys.staff));
      page.getJsonArray("items").forEach(c -> seen.add(((JsonObject) c).getString("id")));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    assertEquals(ids, seen);
  }

  @Test
  void anEmailIsNotGivenToTwoStaffMadeProfiles() {
    var email = "twice-" + UUID.randomUUID() + "@example.com";
    ok(201, sys.send(HttpMethod.POST, "/customers", newCustomer("A", "B").put("email", email), sys.staff));
    assertEquals(409, sys.send(HttpMethod.POST, "/customers", newCustomer("C", "D").put("email", email.toUpperCase()),
      sys.staff).status());
  }

  @Test
  void aRegisteredCustomersEmailChangesOnlyInAuth() {
    var customer = sys.registeredCustomer();
    var path = "/customers/" + customer.getString("id");
    assertProblem(422, "/email", "owned-by-auth", sys.send(HttpMethod.PATCH, path,
      new JsonObject().put("email", "other@example.com"), customer.getString("token")));
    assertProblem(422, "/email", "owned-by-auth", sys.send(HttpMethod.PATCH, path,
      new JsonObject().put("email", "other@example.com"), sys.staff));
    assertEquals(customer.getString("email"), ok(200, sys.get(path, sys.staff)).getString("email"));
  }

  @Test
  void anEmailChangedInAuthReachesTheProfileAndOnlyThere() {
    var customer = sys.registeredCustomer();
    var path = "/customers/" + customer.getString("id");
    var token = customer.getString("token");
    ok(200, sys.send(HttpMethod.PATCH, path, newCustomer("Ada", "Lovelace"), token));
    var next = "moved-" + UUID.randomUUID() + "@example.com";
    var changed = sys.send(HttpMethod.PATCH, "/auth/me", new JsonObject().put("email", next)
      .put("current_password", "password-1"), token);
    assertEquals(200, changed.status(), changed::toString);

    eventually(() -> next.equals(ok(200, sys.get(path, sys.staff)).getString("email")));
    var profile = ok(200, sys.get("/customers/me", token));
    assertEquals("Ada", profile.getString("first_name"));
    assertEquals("Lovelace", profile.getString("last_name"));
    // the profile still refuses to change what auth owns, and a name change leaves auth's email alone
    assertProblem(422, "/email", "owned-by-auth", sys.send(HttpMethod.PATCH, path,
      new JsonObject().put("email", customer.getString("email")), token));
    assertEquals(next, ok(200, sys.send(HttpMethod.PATCH, path, new JsonObject().put("first_name", "Augusta"), token))
      .getString("email"));
  }

  @Test
  void emailChangesOfOneUserApplyInTheirOrderAndOnce() {
    var id = UUID.randomUUID();
    var registered = CustomersSystem.AUTH.event("user.registered", id, new JsonObject().put("user_id", id.toString())
      .put("email", "first@example.com").put("role", "customer"));
    var second = emailChanged(id, "first@example.com", "second@example.com");
    var third = emailChanged(id, "second@example.com", "third@example.com");
    for (var event : List.of(registered, second, third)) {
      EventSchemas.assertValid(sys.vertx, event);
    }
    sys.transport.publish("auth-events", List.of(registered, second, third)).await();
    sys.publish(CustomersSystem.AUTH, second);
    assertEquals("third@example.com", ok(200, sys.get("/customers/" + id, sys.staff)).getString("email"));
    assertEquals(3, sys.count("SELECT count(*) FROM inbox WHERE event_id = ANY($1)",
      (Object) new UUID[] {registered.id(), second.id(), third.id()}));
  }

  static DomainEvent emailChanged(UUID id, String previous, String email) {
    return CustomersSystem.AUTH.event("user.email_changed", id, new JsonObject().put("user_id", id.toString())
      .put("previous_email", previous).put("email", email));
  }

  @Test
  void aUserWhoBecomesACustomerGetsAProfileAndOneWhoStopsKeepsIt() {
    var email = "staff-" + UUID.randomUUID() + "@example.com";
    var created = sys.api.post("/users", new JsonObject().put("email", email).put("password", "password-1"), sys.admin());
    assertEquals(201, created.status(), created::toString);
    var id = created.json().getString("id");
    var demoted = sys.api.patch("/users/" + id, new JsonObject().put("role", "customer"), sys.admin());
    assertEquals(200, demoted.status(), demoted::toString);
    eventually(() -> sys.get("/customers/" + id, sys.staff).status() == 200);
    var profile = ok(200, sys.get("/customers/" + id, sys.staff));
    assertEquals(email, profile.getString("email"));
    assertEquals(id, profile.getString("user_id"));

    var promoted = sys.api.patch("/users/" + id, new JsonObject().put("role", "staff"), sys.admin());
    assertEquals(200, promoted.status(), promoted::toString);
    // both role changes heard (no other test of this class changes a role)
    eventually(() -> sys.count("SELECT count(*) FROM inbox WHERE type = 'shopifygenie.user.role_changed'") >= 2);
    assertEquals(profile.getString("email"), ok(200, sys.get("/customers/" + id, sys.staff)).getString("email"));
  }

  @Test
  void aCustomerNeitherReadsNorChangesAnothersProfile() {
    var owner = sys.registeredCustomer();
    var other = sys.customerToken(UUID.randomUUID());
    var path = "/customers/" + owner.getString("id");
    assertEquals(404, sys.get(path, other).status());
    assertEquals(404, sys.send(HttpMethod.PATCH, path, new JsonObject().put("first_name", "Mallory"), other).status());
    assertEquals(403, sys.get("/customers", other).status());
    assertEquals(403, sys.send(HttpMethod.POST, "/customers", newCustomer("M", "X"), other).status());
    var unchanged = ok(200, sys.get(path, owner.getString("token")));
    assertNull(unchanged.getString("first_name"));
    // and no profile was made under the other's id
    assertEquals(404, sys.get(path.replace(owner.getString("id"), UUID.randomUUID().toString()), sys.staff).status());
  }

  @Test
  void badInputIsAProblemNamingTheFieldAndRule() {
    assertProblem(400, "/phone", "pattern", sys.send(HttpMethod.POST, "/customers",
      newCustomer("A", "B").put("phone", "555-0100"), sys.staff));
    assertProblem(400, "/first_name", "required", sys.send(HttpMethod.POST, "/customers",
      new JsonObject().put("last_name", "B"), sys.staff));
    var bad = sys.get("/customers/not-an-id", sys.staff);
    assertEquals(400, bad.status(), bad::toString);
    assertTrue(bad.json().getJsonArray("errors").getJsonObject(0).getString("field").contains("customer_id"), bad::toString);
  }
}
