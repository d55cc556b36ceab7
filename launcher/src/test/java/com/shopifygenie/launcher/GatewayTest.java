package com.shopifygenie.launcher;

import com.shopifygenie.accounting.AccountingVerticle;
import com.shopifygenie.analytics.AnalyticsVerticle;
import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.catalog.CatalogVerticle;
import com.shopifygenie.customers.CustomersVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.orders.OrdersVerticle;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.Reply;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.impl.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the gateway does for every domain: validation, authentication, errors, docs, health, headers. */
@ExtendWith(VertxExtension.class)
class GatewayTest {

  static TestSystem system;
  static ApiClient api;

  @BeforeAll
  static void start(Vertx vertx) {
    system = TestSystem.create(vertx).deploy(AuthVerticle::new, CatalogVerticle::new, OrdersVerticle::new,
      CustomersVerticle::new, AccountingVerticle::new, AnalyticsVerticle::new, GatewayVerticle::new);
    api = system.client();
  }

  @AfterAll
  static void stop() {
    system.stop();
  }

  static Reply postRaw(String path, String body, String contentType) {
    return api.send(HttpMethod.POST, path, Buffer.buffer(body), contentType, Map.of());
  }

  static void assertValidation(Reply reply, String field, String rule) {
    assertEquals(400, reply.status(), reply::toString);
    assertEquals("application/problem+json", reply.header("Content-Type"));
    var problem = reply.json();
    assertEquals("https://shopifygenie.dev/problems/validation", problem.getString("type"));
    var error = problem.getJsonArray("errors").getJsonObject(0);
    assertEquals(field, error.getString("field"), reply::toString);
    assertEquals(rule, error.getString("rule"), reply::toString);
  }

  static String adminToken() {
    return api.post("/auth/login", new JsonObject().put("email", TestSettings.ADMIN_EMAIL)
      .put("password", TestSettings.ADMIN_PASSWORD)).json().getString("access_token");
  }

  static String customerToken() {
    var email = "c-" + UUID.randomUUID() + "@example.com";
    api.post("/auth/register", new JsonObject().put("email", email).put("password", "password-1"));
    return api.post("/auth/login", new JsonObject().put("email", email).put("password", "password-1"))
      .json().getString("access_token");
  }

  @Test
  void malformedJsonIsA400NamingTheBody() {
    assertValidation(postRaw("/auth/login", "{\"email\": ", "application/json"), "body", "json");
  }

  @Test
  void aWrongTypeNamesTheFieldAndTheTypeRule() {
    assertValidation(postRaw("/auth/login", "{\"email\":\"a@example.com\",\"password\":42}", "application/json"),
      "/password", "type");
  }

  @Test
  void aMissingRequiredFieldIsNamed() {
    assertValidation(postRaw("/auth/login", "{\"email\":\"a@example.com\"}", "application/json"),
      "/password", "required");
  }

  @Test
  void aMissingBodyIsRequired() {
    assertValidation(api.send(HttpMethod.POST, "/auth/login", null, "application/json", Map.of()), "body", "required");
  }

  @Test
  void anOutOfRangeQueryParameterIsNamed() {
    var reply = api.get("/users?limit=0", adminToken());
    assertValidation(reply, "query.limit", "minimum");
    assertValidation(api.get("/users?limit=101", adminToken()), "query.limit", "maximum");
  }

  @Test
  void anUnknownEnumValueIsNamed() {
    assertValidation(api.get("/users?role=chef", adminToken()), "query.role", "enum");
  }

  @Test
  void aMalformedPathParameterIsNamed() {
    assertValidation(api.get("/users/42", adminToken()), "path.user_id", "format");
  }

  @Test
  void aWrongContentTypeIsRefused() {
    assertValidation(postRaw("/auth/login", "email=a@example.com", "application/x-www-form-urlencoded"),
      "header.Content-Type", "media-type");
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/jsonx", "application/json-patch+json", "application/json5", "text/json"})
  void aMediaTypeThatOnlyBeginsLikeTheDeclaredOneIsRefused(String contentType) {
    assertValidation(postRaw("/auth/login", "{\"email\":\"a@example.com\",\"password\":\"password1\"}", contentType),
      "header.Content-Type", "media-type");
  }

  @ParameterizedTest
  @ValueSource(strings = {"APPLICATION/JSON", "Application/Json; charset=UTF-8", "application/json ; charset=utf-8"})
  void theDeclaredMediaTypeIsKnownInAnyCaseAndWithParameters(String contentType) {
    var reply = postRaw("/auth/login", "{\"email\":\"nobody@example.com\",\"password\":\"password1\"}", contentType);
    assertEquals(401, reply.status(), reply::toString);
  }

  @Test
  void aFailureInsideAnObjectIsListedOnceWithoutItsParent() {
    var product = new JsonObject().put("sku", "NESTED-1").put("title", "Mug")
      .put("price", new JsonObject().put("amount", -1).put("currency", "USD"))
      .put("unit_cost", new JsonObject().put("amount", 1).put("currency", "USD"));
    var reply = api.send(HttpMethod.POST, "/products", product.toBuffer(), "application/json",
      Map.of("Authorization", "Bearer " + adminToken()));
    assertValidation(reply, "/price/amount", "minimum");
    assertEquals(1, reply.json().getJsonArray("errors").size(), reply::toString);
  }

  @Test
  void anUnknownPropertyIsRefused() {
    assertValidation(postRaw("/auth/register",
      "{\"email\":\"a@example.com\",\"password\":\"password-1\",\"role\":\"super_admin\"}", "application/json"),
      "/role", "additionalProperties");
  }

  @Test
  void aBodyOverTheLimitIs413() {
    var limit = system.settings().getJsonObject("http").getInteger("body_limit_bytes");
    var big = "{\"email\":\"" + "a".repeat(limit) + "\"}";
    var reply = postRaw("/auth/login", big, "application/json");
    assertEquals(413, reply.status());
    assertEquals("https://shopifygenie.dev/problems/payload-too-large", reply.json().getString("type"));
  }

  @Test
  void noTokenIs401AndTheWrongRoleIs403() {
    var anonymous = api.get("/users");
    assertEquals(401, anonymous.status());
    assertEquals("Bearer", anonymous.header("WWW-Authenticate"));
    assertEquals(401, api.get("/users", "not.a.jwt").status());
    var customer = api.get("/users", customerToken());
    assertEquals(403, customer.status());
    assertEquals("https://shopifygenie.dev/problems/forbidden", customer.json().getString("type"));
  }

  @Test
  void authenticationComesBeforeValidation() {
    // a customer learns nothing about the operation's input rules
    assertEquals(403, api.get("/users?limit=0", customerToken()).status());
    assertEquals(401, api.get("/users?limit=0").status());
  }

  @Test
  void anUnknownPathIs404AndAWrongMethodIs405() {
    var missing = api.get("/no/such/thing");
    assertEquals(404, missing.status());
    assertEquals("https://shopifygenie.dev/problems/not-found", missing.json().getString("type"));
    var wrongMethod = api.send(HttpMethod.DELETE, "/auth/login", null, null, Map.of());
    assertEquals(405, wrongMethod.status());
    assertEquals("https://shopifygenie.dev/problems/method-not-allowed", wrongMethod.json().getString("type"));
    assertEquals("POST", wrongMethod.header("Allow"));
    var wrongMethodOnOrders = api.send(HttpMethod.DELETE, "/orders", null, null, Map.of());
    assertEquals(405, wrongMethodOnOrders.status());
    assertEquals("GET, HEAD, POST", wrongMethodOnOrders.header("Allow"));
    // a path declared as it is spelt takes its own methods, not a template's that also matches it
    var patchMe = api.send(HttpMethod.PATCH, "/customers/me", Buffer.buffer("{}"), "application/json", Map.of());
    assertEquals(405, patchMe.status(), patchMe::toString);
    assertEquals("GET, HEAD", patchMe.header("Allow"));
    // the pages served beside the contracts are read only
    for (var page : List.of("/api-docs/", "/live/", "/openapi/catalog.yaml")) {
      var posted = api.send(HttpMethod.POST, page, Buffer.buffer("{}"), "application/json", Map.of());
      assertEquals(405, posted.status(), posted::toString);
      assertEquals("GET, HEAD", posted.header("Allow"));
    }
    assertEquals(404, api.get("/api-docs/no-such-file.js").status());
  }

  /** Vert.x's router ignores a trailing or doubled slash; the contracts name no such path. */
  @ParameterizedTest
  @ValueSource(strings = {"/orders/", "/products/", "//products", "/users//", "/health/ready/", "/accounting/journal-entries/"})
  void aPathWithATrailingOrDoubledSlashIsNoRoute(String path) {
    var reply = api.get(path);
    assertEquals(404, reply.status(), reply::toString);
    assertEquals("https://shopifygenie.dev/problems/not-found", reply.json().getString("type"));
  }

  // -- HEAD: the GET's answer without its body (RFC 9110 §9.3.2) --

  @ParameterizedTest
  @CsvSource({
    "/health, false",
    "/health/ready, false",
    "/auth/me, true",
    "/accounting/accounts, true",
    "/accounting/reports/trial-balance?as_of=2020-01-01, true",
    "/users?limit=0, true",
    "/orders/3e1da3d7-d832-4c9b-8f34-5ba82be39382, true",
    "/users, false",
    "/live/ws, false"})
  void headIsAnsweredAsGetWithoutTheBody(String path, boolean signedIn) {
    var headers = signedIn ? Map.of("Authorization", "Bearer " + adminToken()) : Map.<String, String>of();
    var get = api.send(HttpMethod.GET, path, null, null, headers);
    var head = api.send(HttpMethod.HEAD, path, null, null, headers);
    assertEquals(get.status(), head.status(), head::toString);
    for (var name : List.of("Content-Type", "Content-Length", "Cache-Control", "WWW-Authenticate", "Upgrade",
      "X-Content-Type-Options")) {
      assertEquals(get.header(name), head.header(name), name);
    }
    assertNotNull(head.header("Content-Length"), "the length the GET's body has");
    assertEquals(0, head.body() == null ? 0 : head.body().length(), head::toString);
  }

  @Test
  void headOfACsvReportIsAnsweredAsItsGet() {
    var csv = Map.of("Authorization", "Bearer " + adminToken(), "Accept", "text/csv");
    var path = "/accounting/reports/trial-balance?as_of=2020-01-01";
    var get = api.send(HttpMethod.GET, path, null, null, csv);
    var head = api.send(HttpMethod.HEAD, path, null, null, csv);
    assertEquals(200, head.status(), head::toString);
    assertEquals(get.header("Content-Type"), head.header("Content-Type"));
    assertEquals(get.header("Content-Length"), head.header("Content-Length"));
  }

  @Test
  void headIsRefusedWhereGetIsAndTheAllowHeaderSaysSo() {
    var head = api.send(HttpMethod.HEAD, "/auth/login", null, null, Map.of());
    assertEquals(405, head.status(), head::toString);
    assertEquals("POST", head.header("Allow"));
    // the problem a GET would get names GET where this one names HEAD
    var get = api.get("/auth/login");
    assertEquals(Integer.parseInt(get.header("Content-Length")) + 1, Integer.parseInt(head.header("Content-Length")));
  }

  @Test
  void aHeadAnswerSendsNoBodyBytesSoTheNextRequestOnTheConnectionIsReadRight() {
    try (var client = new RawHttp(system.port())) {
      client.send("HEAD /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
        + "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      var received = client.untilClosed();
      var headEnd = received.indexOf("\r\n\r\n");
      assertTrue(received.startsWith("HTTP/1.1 200 "), received);
      assertTrue(received.substring(0, headEnd).toLowerCase(java.util.Locale.ROOT)
        .contains("\r\ncontent-length: " + "{\"status\":\"UP\"}".length()), received);
      // the GET's answer follows the HEAD's headers at once: no body between them
      assertTrue(received.startsWith("HTTP/1.1 200 ", headEnd + 4), received);
      assertTrue(received.endsWith("{\"status\":\"UP\"}"), received);
    }
  }

  @Test
  void headOfTheLiveFeedAnswersItsHeadersAndEnds() {
    var token = adminToken();
    try (var client = new RawHttp(system.port())) {
      // the GET behind it is answered only once the HEAD's answer has ended
      client.send("HEAD /live/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n\r\n"
        + "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      var received = client.untilClosed();
      var headEnd = received.indexOf("\r\n\r\n");
      assertTrue(received.startsWith("HTTP/1.1 200 "), received);
      assertTrue(received.substring(0, headEnd).toLowerCase(java.util.Locale.ROOT)
        .contains("\r\ncontent-type: text/event-stream"), received);
      assertTrue(received.startsWith("HTTP/1.1 200 ", headEnd + 4), received);
    }
    // a HEAD holds no place among the caller's feeds
    var limit = system.settings().getJsonObject("live").getInteger("connections_per_user", 5);
    for (int i = 0; i <= limit; i++) {
      assertEquals(200, api.send(HttpMethod.HEAD, "/live/events", null, null,
        Map.of("Authorization", "Bearer " + token)).status());
    }
  }

  // -- Accept: an answer in a media type the client takes, or a 406 (RFC 9110 §12.5.1) --

  static Reply getAccepting(String path, String accept) {
    return api.send(HttpMethod.GET, path, null, null, Map.of("Authorization", "Bearer " + adminToken(), "Accept", accept));
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/xml", "text/html", "text/*", "application/problem+json", "application/json;q=0",
    "*/*;q=0", "application/json;q=0, */*"})
  void anAcceptThatAllowsNoMediaTypeTheOperationAnswersInIsA406(String accept) {
    var reply = getAccepting("/accounting/accounts", accept);
    assertEquals(406, reply.status(), reply::toString);
    assertEquals("application/problem+json", reply.header("Content-Type"), reply::toString);
    assertEquals("https://shopifygenie.dev/problems/not-acceptable", reply.json().getString("type"), reply::toString);
    assertTrue(reply.json().getString("detail").contains("application/json"), reply::toString);
  }

  @ParameterizedTest
  @ValueSource(strings = {"*/*", "application/*", "application/json", "Application/JSON", "application/json; charset=utf-8",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/xml, application/json;q=0.1",
    "application/json, application/problem+json", "not a media range", ";", " ;", ";;;,,,", ";q=0.5, application/json"})
  void anAcceptThatAllowsJsonIsAnsweredInJson(String accept) {
    var reply = getAccepting("/accounting/accounts", accept);
    assertEquals(200, reply.status(), reply::toString);
    assertEquals("application/json", reply.header("Content-Type"), reply::toString);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "text/csv | text/csv",
    "text/* | text/csv",
    "text/csv, application/json | text/csv",
    "application/json, text/csv | application/json",
    "text/csv;q=0.5, application/json | application/json",
    "text/csv;q=0, */* | application/json",
    "application/json;q=0, */* | text/csv",
    "*/* | application/json",
    "application/*, text/csv;q=0.9 | application/json"})
  void aReportIsAnsweredInTheMediaTypeTheAcceptPrefers(String accept, String answered) {
    var reply = getAccepting("/accounting/reports/trial-balance?as_of=2020-01-01", accept);
    assertEquals(200, reply.status(), reply::toString);
    assertTrue(reply.header("Content-Type").startsWith(answered), reply::toString);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/xml", "text/csv;q=0, application/json;q=0", "text/plain"})
  void aReportIsA406WhenTheAcceptAllowsNeitherJsonNorCsv(String accept) {
    var reply = getAccepting("/accounting/reports/trial-balance", accept);
    assertEquals(406, reply.status(), reply::toString);
    assertTrue(reply.json().getString("detail").contains("text/csv"), reply::toString);
  }

  @Test
  void errorsAreProblemsWhateverTheAccept() {
    // authentication comes first, and a problem is always acceptable
    var anonymous = api.send(HttpMethod.GET, "/accounting/accounts", null, null, Map.of("Accept", "application/xml"));
    assertEquals(401, anonymous.status(), anonymous::toString);
    assertEquals("application/problem+json", anonymous.header("Content-Type"));
    var invalid = getAccepting("/accounting/reports/trial-balance?as_of=yesterday", "text/csv");
    assertEquals(400, invalid.status(), invalid::toString);
    assertEquals("application/problem+json", invalid.header("Content-Type"));
  }

  @Test
  void theMetricsTakePrometheusAcceptAndHeadIsNegotiatedLikeGet() {
    var scrape = api.send(HttpMethod.GET, "/metrics", null, null, Map.of("Accept",
      "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
    assertEquals(200, scrape.status(), scrape::toString);
    var head = api.send(HttpMethod.HEAD, "/health", null, null, Map.of("Accept", "application/xml"));
    assertEquals(406, head.status(), head::toString);
  }

  @Test
  void docsListEveryContract() {
    var page = api.get("/api-docs/");
    assertEquals(200, page.status());
    assertTrue(page.text().contains("swagger-ui"), "Swagger UI page");
    assertEquals(302, api.get("/api-docs").status());
    var initializer = api.get("/api-docs/swagger-initializer.js").text();
    for (var domain : TestSystem.CONTRACTS) {
      assertTrue(initializer.contains("/openapi/" + domain + ".yaml"), domain);
      var contract = api.get("/openapi/" + domain + ".yaml");
      assertEquals(200, contract.status());
      assertEquals("application/yaml", contract.header("Content-Type"));
      assertTrue(contract.text().startsWith("openapi: 3.1.0"));
    }
    assertEquals(404, api.get("/openapi/nothing.yaml").status());
    // HEAD says what GET says, the type too
    for (var path : List.of("/api-docs/", "/api-docs/index.html", "/api-docs/swagger-ui.css", "/live/",
      "/openapi/catalog.yaml")) {
      var get = api.get(path);
      var head = api.send(HttpMethod.HEAD, path, null, null, Map.of());
      assertEquals(200, head.status(), path);
      assertEquals(get.header("Content-Type"), head.header("Content-Type"), path);
      assertEquals(get.header("Content-Length"), head.header("Content-Length"), path);
    }
  }

  @Test
  void theDocsCallTheServerTheyWereLoadedFrom() {
    // Swagger UI resolves a relative server url against the contract's own address
    for (var domain : TestSystem.CONTRACTS) {
      var contract = Utils.yamlStringToJson(api.get("/openapi/" + domain + ".yaml").text()).await();
      var servers = contract.getJsonArray("servers");
      assertEquals(1, servers.size(), domain);
      assertEquals("/", servers.getJsonObject(0).getString("url"), domain);
    }
  }

  @Test
  void healthReportsEachDomainAndItsDatabase() {
    assertEquals("UP", api.get("/health").json().getString("status"));
    assertEquals(200, api.get("/health/ready").status());
    var services = api.get("/health/services").json();
    assertEquals("UP", services.getString("status"));
    var names = new java.util.HashSet<String>();
    for (var service : services.getJsonArray("services")) {
      var json = (JsonObject) service;
      names.add(json.getString("name"));
      assertEquals("UP", json.getJsonObject("database").getString("status"), json::encode);
      // events leave: none waited past events.stalled_after_ms
      assertEquals("UP", json.getJsonObject("events").getString("status"), json::encode);
      assertTrue(json.getJsonObject("events").getDouble("oldest_unpublished_seconds") < 30, json::encode);
    }
    assertEquals(java.util.Set.of("auth", "catalog", "orders", "customers", "accounting", "analytics"), names);
  }

  @Test
  void responsesCarrySecurityHeadersAndNoServerDetail() {
    var reply = api.get("/health");
    assertEquals("nosniff", reply.header("X-Content-Type-Options"));
    assertEquals("DENY", reply.header("X-Frame-Options"));
    assertEquals("frame-ancestors 'none'", reply.header("Content-Security-Policy"));
    assertEquals("no-referrer", reply.header("Referrer-Policy"));
    assertNull(reply.header("Server"));
  }

  @Test
  void corsPreflightIsAnsweredForAllowedOrigins() {
    var reply = api.send(HttpMethod.OPTIONS, "/auth/login", null, null, Map.of(
      "Origin", "https://shop.example.com", "Access-Control-Request-Method", "POST",
      "Access-Control-Request-Headers", "Content-Type"));
    assertEquals(204, reply.status(), reply::toString);
    assertEquals("*", reply.header("Access-Control-Allow-Origin"));
    assertTrue(reply.header("Access-Control-Allow-Methods").contains("POST"));
  }

  @Test
  void corsExposesTheHeadersTheContractsDocument() {
    var reply = api.send(HttpMethod.GET, "/health", null, null, Map.of("Origin", "https://shop.example.com"));
    var exposed = java.util.Arrays.stream(reply.header("Access-Control-Expose-Headers").split(","))
      .map(String::trim).collect(java.util.stream.Collectors.toSet());
    assertEquals(java.util.Set.of("ETag", "Location", "Retry-After", "Idempotent-Replayed"), exposed);
  }
}
