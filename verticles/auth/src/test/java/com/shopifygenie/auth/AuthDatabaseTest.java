package com.shopifygenie.auth;

import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.platform.AccessTokens;
import com.shopifygenie.platform.Role;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What auth leaves in its own database, read straight from it: the integration events in its
 * outbox, and credentials a leak of the database would not give away.
 */
@ExtendWith(VertxExtension.class)
class AuthDatabaseTest {

  static TestSystem system;
  static ApiClient api;
  static Accounts accounts;
  static Pool database;
  static Vertx vertx;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    system = TestSystem.create(vertx).deploy(AuthVerticle::new, GatewayVerticle::new);
    api = system.client();
    accounts = new Accounts(api);
    var db = system.settings().getJsonObject("db");
    database = PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(1))
      .connectingTo(PgConnectOptions.fromUri(db.getString("url")).setDatabase(db.getString("prefix") + "auth"))
      .using(vertx)
      .build();
  }

  @AfterAll
  static void stop() {
    if (database != null) {
      database.close().await();
    }
    system.stop();
  }

  record Event(String id, String source, String type, String subject, OffsetDateTime time, JsonObject data) {}

  /** The outbox rows about one user, oldest first. */
  static List<Event> eventsAbout(String userId) {
    var rows = database.preparedQuery("SELECT id, source, type, subject, time, data FROM outbox WHERE subject = $1 "
      + "ORDER BY position").execute(Tuple.of(userId)).await();
    var events = new ArrayList<Event>();
    rows.forEach(row -> events.add(new Event(row.getUUID("id").toString(), row.getString("source"), row.getString("type"),
      row.getString("subject"), row.getOffsetDateTime("time"), (JsonObject) row.getValue("data"))));
    return events;
  }

  /** How many outbox rows carry this email, whichever user they are about. */
  static long eventsNaming(String email) {
    return database.preparedQuery("SELECT count(*) AS n FROM outbox WHERE data ->> 'email' = $1")
      .execute(Tuple.of(email)).await().iterator().next().getLong("n");
  }

  static long outboxSize() {
    return database.query("SELECT count(*) AS n FROM outbox").execute().await().iterator().next().getLong("n");
  }

  @Test
  void aRegistrationWritesOneUserRegisteredEvent() {
    var before = OffsetDateTime.now().minusSeconds(5);
    var user = accounts.register(Accounts.newEmail("event"));
    var id = user.getString("id");

    var events = eventsAbout(id);
    assertEquals(1, events.size(), events::toString);
    var event = events.get(0);
    assertEquals("auth", event.source());
    assertEquals("shopifygenie.user.registered", event.type());
    assertEquals(id, event.subject());
    assertEquals(new JsonObject().put("user_id", id).put("email", user.getString("email")).put("role", "customer"),
      event.data());
    assertTrue(event.time().isAfter(before), event::toString);
    assertEquals(1, eventsNaming(user.getString("email")));
  }

  @Test
  void creatingStaffWritesAUserRegisteredEventWithTheStaffRole() {
    var staff = accounts.staff("event-staff").user();
    var events = eventsAbout(staff.getString("id"));
    assertEquals(1, events.size(), events::toString);
    assertEquals("shopifygenie.user.registered", events.get(0).type());
    assertEquals(new JsonObject().put("user_id", staff.getString("id")).put("email", staff.getString("email"))
      .put("role", "staff"), events.get(0).data());
  }

  /** Disabling and enabling again each say so, with the role, for domains that had not heard of the user. */
  @Test
  void aStatusChangeWritesAStatusChangedEventAndNoOtherChangeDoes() {
    var user = accounts.register(Accounts.newEmail("event-disabled"));
    var id = user.getString("id");
    assertEquals(200, accounts.change(id, new JsonObject().put("status", "disabled")).status());
    assertEquals(200, accounts.change(id, new JsonObject().put("status", "disabled")).status());
    assertEquals(200, accounts.change(id, new JsonObject().put("status", "active")).status());

    var events = eventsAbout(id);
    assertEquals(List.of("shopifygenie.user.registered", "shopifygenie.user.status_changed",
      "shopifygenie.user.status_changed"), events.stream().map(Event::type).toList());
    assertEquals(new JsonObject().put("user_id", id).put("role", "customer").put("previous_status", "active")
      .put("status", "disabled").put("token_version", 1), events.get(1).data());
    assertEquals(new JsonObject().put("user_id", id).put("role", "customer").put("previous_status", "disabled")
      .put("status", "active").put("token_version", 2), events.get(2).data());
  }

  @Test
  void aRoleChangeWritesARoleChangedEvent() {
    var user = accounts.register(Accounts.newEmail("event-promoted"));
    var id = user.getString("id");
    assertEquals(200, accounts.change(id, new JsonObject().put("role", "staff")).status());

    var events = eventsAbout(id);
    assertEquals(List.of("shopifygenie.user.registered", "shopifygenie.user.role_changed"),
      events.stream().map(Event::type).toList());
    var changed = events.get(1);
    assertEquals("auth", changed.source());
    assertEquals(id, changed.subject());
    assertEquals(new JsonObject().put("user_id", id).put("email", user.getString("email"))
      .put("previous_role", "customer").put("role", "staff").put("token_version", 1), changed.data());
    // ids are UUIDv7: they sort like the events happened
    assertTrue(events.get(0).id().compareTo(changed.id()) < 0, events::toString);
  }

  @Test
  void changesThatKeepTheRoleAndTheStatusWriteNoEvent() {
    var user = accounts.register(Accounts.newEmail("event-same"));
    var id = user.getString("id");
    assertEquals(200, accounts.change(id, new JsonObject().put("role", "customer")).status());
    assertEquals(200, accounts.change(id, new JsonObject().put("status", "active")).status());
    assertEquals(200, accounts.change(id, new JsonObject().put("role", "customer").put("status", "active")).status());

    assertEquals(List.of("shopifygenie.user.registered"), eventsAbout(id).stream().map(Event::type).toList());
  }

  @Test
  void aFailedRegistrationWritesNoEvent() {
    var email = Accounts.newEmail("event-dup");
    accounts.register(email);
    var size = outboxSize();

    var duplicate = api.post("/auth/register", new JsonObject().put("email", email).put("password", "other-pass-1"));
    assertEquals(409, duplicate.status(), duplicate::toString);
    var shouted = api.post("/auth/register", new JsonObject().put("email", email.toUpperCase()).put("password", "other-pass-1"));
    assertEquals(409, shouted.status(), shouted::toString);
    var staffDuplicate = api.post("/users", new JsonObject().put("email", email).put("password", "other-pass-1"),
      accounts.adminToken());
    assertEquals(409, staffDuplicate.status(), staffDuplicate::toString);

    assertEquals(size, outboxSize());
    assertEquals(1, eventsNaming(email));
  }

  @Test
  void aRejectedRegistrationWritesNoEvent() {
    var email = Accounts.newEmail("event-role");
    var rejected = api.post("/auth/register", new JsonObject().put("email", email).put("password", "s3cret-pass")
      .put("role", "staff"));
    assertEquals(400, rejected.status(), rejected::toString);
    assertEquals(0, eventsNaming(email));
  }

  // --- email changes: auth owns the email, others follow its event ---

  static JsonObject emailChange(String email, String password) {
    return new JsonObject().put("email", email).put("current_password", password);
  }

  @Test
  void aCustomerChangesItsOwnEmailWithItsPasswordAndTheChangeIsAnnounced() {
    var customer = accounts.customer("email-self");
    var next = Accounts.newEmail("email-self-new");
    var changed = api.patch("/auth/me", emailChange(next.toUpperCase(Locale.ROOT), Accounts.PASSWORD),
      customer.accessToken());
    assertEquals(200, changed.status(), changed::toString);
    assertEquals(next, changed.json().getString("email"));
    assertEquals(next, api.get("/auth/me", customer.accessToken()).json().getString("email"));
    accounts.login(next);
    assertEquals(401, api.post("/auth/login", new JsonObject().put("email", customer.email())
      .put("password", Accounts.PASSWORD)).status());

    var events = eventsAbout(customer.id());
    assertEquals(List.of("shopifygenie.user.registered", "shopifygenie.user.email_changed"),
      events.stream().map(Event::type).toList());
    assertEquals(customer.id(), events.get(1).subject());
    assertEquals(new JsonObject().put("user_id", customer.id()).put("previous_email", customer.email()).put("email", next),
      events.get(1).data());
  }

  @Test
  void aWrongPasswordATakenEmailOrTheSameEmailChangesAndAnnouncesNothing() {
    var customer = accounts.customer("email-refused");
    var other = accounts.customer("email-taken");
    var next = Accounts.newEmail("email-refused-new");

    var wrong = api.patch("/auth/me", emailChange(next, "not-the-password"), customer.accessToken());
    assertEquals(403, wrong.status(), wrong::toString);
    var taken = api.patch("/auth/me", emailChange(other.email().toUpperCase(Locale.ROOT), Accounts.PASSWORD),
      customer.accessToken());
    assertEquals(409, taken.status(), taken::toString);
    var same = api.patch("/auth/me", emailChange(customer.email(), Accounts.PASSWORD), customer.accessToken());
    assertEquals(200, same.status(), same::toString);
    var missing = api.patch("/auth/me", new JsonObject().put("email", next), customer.accessToken());
    assertEquals(400, missing.status(), missing::toString);
    assertEquals(401, api.patch("/auth/me", emailChange(next, Accounts.PASSWORD), null).status());

    assertEquals(customer.email(), api.get("/auth/me", customer.accessToken()).json().getString("email"));
    assertEquals(List.of("shopifygenie.user.registered"), eventsAbout(customer.id()).stream().map(Event::type).toList());
    assertEquals(0, eventsNaming(next));
  }

  /**
   * The gateway refuses its tokens once it heard of the disabling; one that gets past it (of the
   * version the disabling started, as a gateway that heard nothing yet would take any) is told by
   * auth itself why, with the right password, not that the password is wrong.
   */
  @Test
  void aDisabledAccountIsToldItIsDisabledAndChangesNothing() {
    var customer = accounts.customer("email-disabled");
    assertEquals(200, accounts.change(customer.id(), new JsonObject().put("status", "disabled")).status());
    var next = Accounts.newEmail("email-disabled-new");
    var token = AccessTokens.load(vertx, system.settings(), true).await()
      .issue(UUID.fromString(customer.id()), Role.CUSTOMER, 1);

    var refused = api.patch("/auth/me", emailChange(next, Accounts.PASSWORD), token);
    assertEquals(403, refused.status(), refused::toString);
    assertEquals("This account is disabled", refused.json().getString("detail"));
    var wrong = api.patch("/auth/me", emailChange(next, "not-the-password"), token);
    assertEquals("The current password is wrong", wrong.json().getString("detail"));
    assertEquals(0, eventsNaming(next));
  }

  @Test
  void theSuperAdminChangesAUsersEmailAndTheChangeIsAnnounced() {
    var staff = accounts.staff("email-admin");
    var other = accounts.customer("email-admin-taken");
    var next = Accounts.newEmail("email-admin-new");

    var taken = accounts.change(staff.id(), new JsonObject().put("email", other.email()));
    assertEquals(409, taken.status(), taken::toString);
    var changed = accounts.change(staff.id(), new JsonObject().put("email", next));
    assertEquals(200, changed.status(), changed::toString);
    assertEquals(next, changed.json().getString("email"));
    assertEquals("staff", changed.json().getString("role"));
    var own = accounts.change(accounts.adminId(), new JsonObject().put("email", Accounts.newEmail("email-own")));
    assertEquals(409, own.status(), own::toString);

    var events = eventsAbout(staff.id());
    assertEquals(List.of("shopifygenie.user.registered", "shopifygenie.user.email_changed"),
      events.stream().map(Event::type).toList());
    assertEquals(new JsonObject().put("user_id", staff.id()).put("previous_email", staff.email()).put("email", next),
      events.get(1).data());
  }

  // --- credentials at rest ---

  /** The statuses of a user's refresh tokens, in alphabetical order. */
  static List<String> refreshTokenStatuses(String userId) {
    var rows = database.preparedQuery("SELECT status FROM refresh_tokens WHERE user_id = $1 ORDER BY status")
      .execute(Tuple.of(UUID.fromString(userId))).await();
    var statuses = new ArrayList<String>();
    rows.forEach(row -> statuses.add(row.getString("status")));
    return statuses;
  }

  @Test
  void disablingRevokesEveryRefreshTokenOfTheUserAtOnce() {
    var customer = accounts.customer("db-disabled");
    accounts.login(customer.email());
    var rotated = accounts.refresh(customer.refreshToken());
    assertEquals(200, rotated.status(), rotated::toString);
    // two logins: one family rotated once, one untouched
    assertEquals(List.of("active", "active", "rotated"), refreshTokenStatuses(customer.id()));

    assertEquals(200, accounts.change(customer.id(), new JsonObject().put("status", "disabled")).status());
    assertEquals(List.of("revoked", "revoked", "rotated"), refreshTokenStatuses(customer.id()));
  }

  @Test
  void theDatabaseHoldsOnlyDigestsOfRefreshTokensAndHashesOfPasswords() throws Exception {
    var customer = accounts.customer("db-at-rest");
    var token = customer.refreshToken();
    var digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));

    var stored = database.preparedQuery("SELECT token_hash FROM refresh_tokens WHERE user_id = $1")
      .execute(Tuple.of(UUID.fromString(customer.id()))).await();
    assertEquals(1, stored.size());
    assertEquals(Buffer.buffer(digest), stored.iterator().next().getBuffer("token_hash"));

    var hash = database.preparedQuery("SELECT password_hash FROM users WHERE id = $1")
      .execute(Tuple.of(UUID.fromString(customer.id()))).await().iterator().next().getString("password_hash");
    assertEquals("$2b$10$", hash.substring(0, 7), hash);
    assertFalse(hash.contains(Accounts.PASSWORD), hash);
  }

  @Test
  void emailsAreStoredLowerCase() {
    var user = accounts.register("Shouting-" + UUID.randomUUID() + "@EXAMPLE.com");
    var stored = database.preparedQuery("SELECT email FROM users WHERE id = $1")
      .execute(Tuple.of(UUID.fromString(user.getString("id")))).await().iterator().next().getString("email");
    assertEquals(user.getString("email"), stored);
    assertEquals(stored.toLowerCase(Locale.ROOT), stored);
  }

  // --- paging where the clock cannot tell users apart ---

  @Test
  void usersCreatedInTheSameMicrosecondArePagedWithoutLossOrRepeat() {
    var tag = "same" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    var hash = database.query("SELECT password_hash FROM users LIMIT 1").execute().await().iterator().next()
      .getString("password_hash");
    var ids = new ArrayList<UUID>();
    for (int i = 0; i < 5; i++) {
      ids.add(UUID.randomUUID());
    }
    // one statement, one now(): all five rows get the same created_at, so only the id orders them
    database.preparedQuery("INSERT INTO users (id, email, password_hash, role, created_at) "
        + "SELECT id, $2 || '-' || id || '@example.com', $3, 'customer', now() FROM unnest($1::uuid[]) AS id")
      .execute(Tuple.of(ids.toArray(new UUID[0]), tag, hash)).await();

    var seen = new ArrayList<String>();
    String cursor = null;
    do {
      var reply = api.get("/users?limit=2&email=" + tag + (cursor == null ? "" : "&cursor=" + cursor), accounts.adminToken());
      assertEquals(200, reply.status(), reply::toString);
      reply.json().getJsonArray("items").forEach(item -> seen.add(((JsonObject) item).getString("id")));
      cursor = reply.json().getString("next_cursor");
      assertTrue(seen.size() <= ids.size(), seen::toString);
    } while (cursor != null);

    // newest first, then by id descending; PostgreSQL orders uuids as unsigned bytes, as their hex text sorts
    var expected = ids.stream().map(UUID::toString).sorted(Comparator.reverseOrder()).toList();
    assertEquals(expected, seen);
  }

  @Test
  void theFirstSuperAdminIsAnnouncedLikeAnyNewUser() {
    assertEquals(1, eventsNaming(com.shopifygenie.testkit.TestSettings.ADMIN_EMAIL));
  }
}
