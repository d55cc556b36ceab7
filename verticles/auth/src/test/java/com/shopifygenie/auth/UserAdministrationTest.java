package com.shopifygenie.auth;

import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.Reply;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class UserAdministrationTest {

  static TestSystem system;
  static ApiClient api;
  static Accounts accounts;

  @BeforeAll
  static void start(Vertx vertx) {
    system = TestSystem.create(vertx).deploy(AuthVerticle::new, GatewayVerticle::new);
    api = system.client();
    accounts = new Accounts(api);
  }

  @AfterAll
  static void stop() {
    system.stop();
  }

  /** An email prefix only one test uses, so its listings see only its own users. */
  static String newTag() {
    return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  /** The emails of every page of a listing, following next_cursor until it is null. */
  static List<List<String>> pages(String query, String token) {
    var pages = new ArrayList<List<String>>();
    String cursor = null;
    do {
      var reply = api.get("/users?" + query + (cursor == null ? "" : "&cursor=" + cursor), token);
      assertEquals(200, reply.status(), reply::toString);
      pages.add(emails(reply));
      cursor = reply.json().getString("next_cursor");
      assertTrue(pages.size() < 50, "the cursor never ends");
    } while (cursor != null);
    return pages;
  }

  static List<String> emails(Reply page) {
    return page.json().getJsonArray("items").stream().map(JsonObject.class::cast)
      .map(user -> user.getString("email")).toList();
  }

  static List<String> list(String query) {
    var reply = api.get("/users?" + query, accounts.adminToken());
    assertEquals(200, reply.status(), reply::toString);
    assertNull(reply.json().getString("next_cursor"), reply::toString);
    return emails(reply);
  }

  // --- listing ---

  @Test
  void theSuperAdminPagesThroughUsersNewestFirstSeeingEachOnce() {
    var tag = newTag();
    var created = new ArrayList<String>();
    for (int i = 0; i < 5; i++) {
      created.add(accounts.register(Accounts.newEmail(tag + "-" + i)).getString("email"));
    }
    Collections.reverse(created);

    var pages = pages("limit=2&email=" + tag, accounts.adminToken());
    assertEquals(List.of(created.subList(0, 2), created.subList(2, 4), created.subList(4, 5)), pages);
  }

  @Test
  void aFullLastPageHasNoCursor() {
    var tag = newTag();
    var created = new ArrayList<String>();
    for (int i = 0; i < 4; i++) {
      created.add(accounts.register(Accounts.newEmail(tag + "-" + i)).getString("email"));
    }
    Collections.reverse(created);

    assertEquals(List.of(created.subList(0, 2), created.subList(2, 4)), pages("limit=2&email=" + tag, accounts.adminToken()));
    assertEquals(List.of(created), pages("limit=4&email=" + tag, accounts.adminToken()));
  }

  @Test
  void usersAddedWhilePagingDoNotShiftLaterPages() {
    var tag = newTag();
    var created = new ArrayList<String>();
    for (int i = 0; i < 3; i++) {
      created.add(accounts.register(Accounts.newEmail(tag + "-" + i)).getString("email"));
    }
    var first = api.get("/users?limit=2&email=" + tag, accounts.adminToken());
    assertEquals(List.of(created.get(2), created.get(1)), emails(first));

    accounts.register(Accounts.newEmail(tag + "-late"));
    var second = api.get("/users?limit=2&email=" + tag + "&cursor=" + first.json().getString("next_cursor"),
      accounts.adminToken());
    assertEquals(List.of(created.get(0)), emails(second));
    assertNull(second.json().getString("next_cursor"));
  }

  @Test
  void listingsFilterByRoleStatusAndEmailPrefix() {
    var tag = newTag();
    var older = accounts.register(Accounts.newEmail(tag + "-c1"));
    var newer = accounts.register(Accounts.newEmail(tag + "-c2"));
    var staff = accounts.staff(tag + "-s").user();
    assertEquals(200, accounts.change(older.getString("id"), new JsonObject().put("status", "disabled")).status());

    assertEquals(List.of(staff.getString("email")), list("email=" + tag + "&role=staff"));
    assertEquals(List.of(newer.getString("email"), older.getString("email")), list("email=" + tag + "&role=customer"));
    assertEquals(List.of(older.getString("email")), list("email=" + tag + "&status=disabled"));
    assertEquals(List.of(staff.getString("email"), newer.getString("email")), list("email=" + tag + "&status=active"));
    assertEquals(List.of(newer.getString("email")), list("email=" + tag + "&role=customer&status=active"));
    assertEquals(List.of(), list("email=" + tag + "&role=super_admin"));
    // the prefix is case-insensitive
    assertEquals(List.of(staff.getString("email"), newer.getString("email"), older.getString("email")),
      list("email=" + tag.toUpperCase(Locale.ROOT)));
    // and a prefix, not a substring
    assertEquals(List.of(), list("email=" + tag.substring(1)));
    assertEquals(List.of(TestSettings.ADMIN_EMAIL), list("role=super_admin&email=admin%40shopifygenie.dev"));
  }

  @Test
  void listedUsersShowWhatGetUserShows() {
    var tag = newTag();
    var user = accounts.register(Accounts.newEmail(tag));
    var listed = api.get("/users?email=" + tag, accounts.adminToken());
    assertEquals(1, listed.json().getJsonArray("items").size(), listed::toString);
    assertEquals(user, listed.json().getJsonArray("items").getJsonObject(0));
    var one = api.get("/users/" + user.getString("id"), accounts.adminToken());
    assertEquals(200, one.status(), one::toString);
    assertEquals(user, one.json());
    assertEquals(null, one.json().getString("password_hash"));
  }

  @Test
  void aCursorThisApiDidNotReturnIsABadRequest() {
    var reply = api.get("/users?cursor=bm90LWEtY3Vyc29y", accounts.adminToken());
    assertEquals(400, reply.status(), reply::toString);
    AuthApiTest.assertValidationProblem(reply.json(), "query.cursor", "format");
  }

  @Test
  void aLimitOutsideOneToAHundredIsABadRequest() {
    var zero = api.get("/users?limit=0", accounts.adminToken());
    assertEquals(400, zero.status(), zero::toString);
    AuthApiTest.assertValidationProblem(zero.json(), "query.limit", "minimum");
    var tooMany = api.get("/users?limit=101", accounts.adminToken());
    assertEquals(400, tooMany.status(), tooMany::toString);
    AuthApiTest.assertValidationProblem(tooMany.json(), "query.limit", "maximum");
    assertEquals(200, api.get("/users?limit=100", accounts.adminToken()).status());
  }

  // --- creating and reading ---

  @Test
  void theSuperAdminCreatesStaffWhoCanLogIn() {
    var email = Accounts.newEmail("staff");
    var created = api.post("/users", new JsonObject().put("email", email).put("password", "staff-pass-1"),
      accounts.adminToken());
    assertEquals(201, created.status(), created::toString);
    var user = created.json();
    assertEquals(email, user.getString("email"));
    assertEquals("staff", user.getString("role"));
    assertEquals("active", user.getString("status"));
    assertEquals("/users/" + user.getString("id"), created.header("Location"));

    var fetched = api.get(created.header("Location"), accounts.adminToken());
    assertEquals(200, fetched.status(), fetched::toString);
    assertEquals(user, fetched.json());

    var tokens = accounts.login(email, "staff-pass-1");
    assertEquals(user, api.get("/auth/me", tokens.getString("access_token")).json());
  }

  @Test
  void theSuperAdminCreatesAnotherSuperAdminWhoCanAdminister() {
    var email = Accounts.newEmail("root");
    var created = api.post("/users", new JsonObject().put("email", email).put("password", "root-pass-1")
      .put("role", "super_admin"), accounts.adminToken());
    assertEquals(201, created.status(), created::toString);
    assertEquals("super_admin", created.json().getString("role"));

    var second = accounts.login(email, "root-pass-1").getString("access_token");
    var staff = api.post("/users", new JsonObject().put("email", Accounts.newEmail("by-second")).put("password", "staff-pass-1"),
      second);
    assertEquals(201, staff.status(), staff::toString);
    assertEquals("staff", staff.json().getString("role"));
  }

  @Test
  void staffCannotBeCreatedAsCustomersOrWithATakenEmail() {
    var customerRole = api.post("/users", new JsonObject().put("email", Accounts.newEmail("as-customer"))
      .put("password", "staff-pass-1").put("role", "customer"), accounts.adminToken());
    assertEquals(400, customerRole.status(), customerRole::toString);
    AuthApiTest.assertValidationProblem(customerRole.json(), "/role", "enum");

    var customer = accounts.register(Accounts.newEmail("taken"));
    var taken = api.post("/users", new JsonObject().put("email", customer.getString("email").toUpperCase(Locale.ROOT))
      .put("password", "staff-pass-1"), accounts.adminToken());
    assertEquals(409, taken.status(), taken::toString);
    assertEquals("A user with email " + customer.getString("email") + " already exists", taken.json().getString("detail"));
    // the customer stayed a customer
    assertEquals("customer", api.get("/users/" + customer.getString("id"), accounts.adminToken()).json().getString("role"));
  }

  /** Disabled twice, or given the role it has: nothing changed, and the user's updated_at says so. */
  @Test
  void aChangeThatChangesNothingKeepsTheUpdateTime() {
    var id = accounts.register(Accounts.newEmail("unchanged")).getString("id");
    var disabled = accounts.change(id, new JsonObject().put("status", "disabled"));
    assertEquals(200, disabled.status(), disabled::toString);
    var again = accounts.change(id, new JsonObject().put("status", "disabled").put("role", "customer"));
    assertEquals(200, again.status(), again::toString);
    assertEquals(disabled.json().getString("updated_at"), again.json().getString("updated_at"));
    var enabled = accounts.change(id, new JsonObject().put("status", "active"));
    assertEquals("active", enabled.json().getString("status"));
    assertTrue(java.time.OffsetDateTime.parse(enabled.json().getString("updated_at"))
      .isAfter(java.time.OffsetDateTime.parse(disabled.json().getString("updated_at"))), enabled::toString);
  }

  @Test
  void anUnknownUserIsNotFound() {
    var id = UUID.randomUUID().toString();
    var reply = api.get("/users/" + id, accounts.adminToken());
    assertEquals(404, reply.status(), reply::toString);
    assertEquals(new JsonObject().put("type", "https://shopifygenie.dev/problems/not-found").put("title", "Not found")
      .put("status", 404).put("detail", "user " + id + " does not exist"), reply.json());

    var patch = accounts.change(id, new JsonObject().put("status", "disabled"));
    assertEquals(404, patch.status(), patch::toString);
    assertEquals("user " + id + " does not exist", patch.json().getString("detail"));
  }

  @Test
  void aUserIdThatIsNoUuidIsABadRequest() {
    var reply = api.get("/users/not-a-uuid", accounts.adminToken());
    assertEquals(400, reply.status(), reply::toString);
    AuthApiTest.assertValidationProblem(reply.json(), "path.user_id", "format");
  }

  // --- changing ---

  @Test
  void aPromotedCustomerCanListUsersWithItsNextToken() {
    var customer = accounts.customer("promoted");
    var before = api.get("/users", customer.accessToken());
    assertEquals(403, before.status(), before::toString);

    var promoted = accounts.change(customer.id(), new JsonObject().put("role", "staff"));
    assertEquals(200, promoted.status(), promoted::toString);
    assertEquals(customer.user().copy().put("role", "staff").put("updated_at", promoted.json().getString("updated_at")),
      promoted.json());
    assertTrue(promoted.json().getString("updated_at").compareTo(customer.user().getString("updated_at")) > 0,
      promoted::toString);

    // a refresh issues an access token with the new role...
    var refreshed = accounts.refresh(customer.refreshToken());
    assertEquals(200, refreshed.status(), refreshed::toString);
    assertEquals(200, api.get("/users", refreshed.json().getString("access_token")).status());
    // ...and so does a new login
    var login = accounts.login(customer.email());
    var listed = api.get("/users", login.getString("access_token"));
    assertEquals(200, listed.status(), listed::toString);
    assertEquals("staff", api.get("/auth/me", login.getString("access_token")).json().getString("role"));
  }

  @Test
  void aDemotedStaffMemberLosesAccessWithItsNextLogin() {
    var staff = accounts.staff("demoted");
    assertEquals(200, api.get("/users", staff.accessToken()).status());

    var demoted = accounts.change(staff.id(), new JsonObject().put("role", "customer"));
    assertEquals(200, demoted.status(), demoted::toString);
    assertEquals("customer", demoted.json().getString("role"));

    var login = accounts.login(staff.email());
    assertEquals(403, api.get("/users", login.getString("access_token")).status());
  }

  @Test
  void disablingAUserEndsItsSessionsUntilReEnabled() {
    var customer = accounts.customer("disabled");

    var disabled = accounts.change(customer.id(), new JsonObject().put("status", "disabled"));
    assertEquals(200, disabled.status(), disabled::toString);
    assertEquals("disabled", disabled.json().getString("status"));
    assertEquals("customer", disabled.json().getString("role"));
    assertEquals("disabled", api.get("/users/" + customer.id(), accounts.adminToken()).json().getString("status"));

    var refresh = accounts.refresh(customer.refreshToken());
    assertEquals(401, refresh.status(), refresh::toString);
    assertEquals("The refresh token is invalid, spent or expired", refresh.json().getString("detail"));
    var login = api.post("/auth/login", new JsonObject().put("email", customer.email()).put("password", Accounts.PASSWORD));
    assertEquals(401, login.status(), login::toString);

    var enabled = accounts.change(customer.id(), new JsonObject().put("status", "active"));
    assertEquals(200, enabled.status(), enabled::toString);
    assertEquals("active", enabled.json().getString("status"));
    var again = accounts.login(customer.email());
    assertEquals(200, accounts.refresh(again.getString("refresh_token")).status());
    // the sessions from before the disabling stay dead
    assertEquals(401, accounts.refresh(customer.refreshToken()).status());
  }

  /** The access tokens issued before a disabling stop at once, not when they expire; the next login's work at once. */
  @Test
  void aDisabledUsersAccessTokenStopsWithinMomentsAndANewLoginsWorksOnceReEnabled() {
    var customer = accounts.customer("disabled-token");
    assertEquals(200, api.get("/auth/me", customer.accessToken()).status());

    assertEquals(200, accounts.change(customer.id(), new JsonObject().put("status", "disabled")).status());
    eventually(() -> api.get("/auth/me", customer.accessToken()).status() == 401);
    var refused = api.get("/auth/me", customer.accessToken());
    assertEquals("The access token was issued before the account's role or status changed; refresh it or log in again",
      refused.json().getString("detail"), refused::toString);
    assertEquals("Bearer", refused.header("WWW-Authenticate"));

    assertEquals(200, accounts.change(customer.id(), new JsonObject().put("status", "active")).status());
    var again = accounts.login(customer.email()).getString("access_token");
    var me = api.get("/auth/me", again);
    assertEquals(200, me.status(), me::toString);
    // re-enabling gives the old token nothing back
    assertEquals(401, api.get("/auth/me", customer.accessToken()).status());
  }

  /** A role change outdates the tokens of the old role; the refreshed one speaks for the new. */
  @Test
  void aDemotedStaffMembersTokenStopsAndItsRefreshSpeaksForTheNewRole() {
    var staff = accounts.staff("demoted-token");
    assertEquals(200, api.get("/users", staff.accessToken()).status());

    assertEquals(200, accounts.change(staff.id(), new JsonObject().put("role", "customer")).status());
    eventually(() -> api.get("/users", staff.accessToken()).status() == 401);

    var refreshed = accounts.refresh(staff.refreshToken());
    assertEquals(200, refreshed.status(), refreshed::toString);
    var token = refreshed.json().getString("access_token");
    assertEquals(403, api.get("/users", token).status());
    assertEquals("customer", api.get("/auth/me", token).json().getString("role"));
  }

  /** A change of something else (the email) leaves the tokens as they are. */
  @Test
  void anEmailChangeKeepsTheAccessTokens() {
    var customer = accounts.customer("email-token");
    var changed = api.patch("/users/" + customer.id(), new JsonObject().put("email", newTag() + "@example.com"),
      accounts.adminToken());
    assertEquals(200, changed.status(), changed::toString);
    var witness = accounts.staff("email-token-witness");
    assertEquals(200, accounts.change(witness.id(), new JsonObject().put("status", "disabled")).status());
    // once the witness's later change was heard, the email change's had been too
    eventually(() -> api.get("/auth/me", witness.accessToken()).status() == 401);
    assertEquals(200, api.get("/auth/me", customer.accessToken()).status());
  }

  @Test
  void aDisabledUsersRotatedSessionAlsoStops() {
    var customer = accounts.customer("disabled-rotated");
    var rotated = accounts.refresh(customer.refreshToken());
    assertEquals(200, rotated.status(), rotated::toString);

    assertEquals(200, accounts.change(customer.id(), new JsonObject().put("status", "disabled")).status());
    assertEquals(401, accounts.refresh(rotated.json().getString("refresh_token")).status());
  }

  @Test
  void nobodyChangesTheirOwnRoleOrStatus() {
    var adminId = accounts.adminId();
    for (var change : List.of(new JsonObject().put("role", "customer"), new JsonObject().put("status", "disabled"),
        new JsonObject().put("role", "super_admin"))) {
      var reply = accounts.change(adminId, change);
      assertEquals(409, reply.status(), reply::toString);
      assertEquals(new JsonObject().put("type", "https://shopifygenie.dev/problems/conflict").put("title", "Conflict")
        .put("status", 409).put("detail", "You cannot change your own role or status"), reply.json());
    }
    var me = api.get("/auth/me", accounts.adminToken()).json();
    assertEquals("super_admin", me.getString("role"));
    assertEquals("active", me.getString("status"));
  }

  @Test
  void aChangeMustNameARoleOrAStatus() {
    var customer = accounts.register(Accounts.newEmail("empty-change"));
    var empty = accounts.change(customer.getString("id"), new JsonObject());
    assertEquals(400, empty.status(), empty::toString);
    AuthApiTest.assertValidationProblem(empty.json(), "/", "minProperties");

    var unknownRole = accounts.change(customer.getString("id"), new JsonObject().put("role", "owner"));
    assertEquals(400, unknownRole.status(), unknownRole::toString);
    AuthApiTest.assertValidationProblem(unknownRole.json(), "/role", "enum");
  }

  // --- who may do what ---

  @Test
  void customersAreForbiddenEveryUsersOperation() {
    var customer = accounts.customer("nosy");
    var other = accounts.register(Accounts.newEmail("other"));
    var token = customer.accessToken();

    assertForbidden(api.get("/users", token), "customer", "listUsers");
    assertForbidden(api.get("/users/" + other.getString("id"), token), "customer", "getUser");
    assertForbidden(api.get("/users/" + customer.id(), token), "customer", "getUser");
    assertForbidden(api.post("/users", new JsonObject().put("email", Accounts.newEmail("x")).put("password", "staff-pass-1"),
      token), "customer", "createUser");
    assertForbidden(api.patch("/users/" + other.getString("id"), new JsonObject().put("role", "super_admin"), token),
      "customer", "updateUser");
    // the role check comes before any look at the input
    assertForbidden(api.post("/users", new JsonObject().put("bogus", true), token), "customer", "createUser");

    assertEquals("customer", api.get("/users/" + other.getString("id"), accounts.adminToken()).json().getString("role"));
  }

  @Test
  void staffReadUsersButDoNotChangeThem() {
    var staff = accounts.staff("reader");
    var customer = accounts.register(Accounts.newEmail("read"));
    var token = staff.accessToken();

    assertEquals(200, api.get("/users", token).status());
    var one = api.get("/users/" + customer.getString("id"), token);
    assertEquals(200, one.status(), one::toString);
    assertEquals(customer, one.json());

    assertForbidden(api.post("/users", new JsonObject().put("email", Accounts.newEmail("by-staff"))
      .put("password", "staff-pass-1"), token), "staff", "createUser");
    assertForbidden(api.patch("/users/" + customer.getString("id"), new JsonObject().put("status", "disabled"), token),
      "staff", "updateUser");
    assertEquals("active", api.get("/users/" + customer.getString("id"), token).json().getString("status"));
  }

  static void assertForbidden(Reply reply, String role, String operationId) {
    assertEquals(403, reply.status(), reply::toString);
    assertEquals(new JsonObject().put("type", "https://shopifygenie.dev/problems/forbidden").put("title", "Forbidden")
      .put("status", 403).put("detail", "The role " + role + " may not " + operationId), reply.json());
  }

  @Test
  void theUserAdministrationNeedsAToken() {
    var someone = UUID.randomUUID();
    for (var reply : List.of(api.get("/users"), api.get("/users/" + someone),
        api.post("/users", new JsonObject().put("email", Accounts.newEmail("anon")).put("password", "staff-pass-1")),
        api.patch("/users/" + someone, new JsonObject().put("status", "disabled"), null))) {
      assertEquals(401, reply.status(), reply::toString);
      assertEquals("Bearer", reply.header("WWW-Authenticate"));
      assertNotNull(reply.json());
      assertEquals("A bearer access token is required", reply.json().getString("detail"));
    }
  }
}
