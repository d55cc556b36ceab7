package com.shopifygenie.launcher;

import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.catalog.CatalogVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.Reply;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.launcher.ProblemAssertions.assertProblem;
import static com.shopifygenie.launcher.ProblemAssertions.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * If-Match as RFC 9110 §13.1.1 reads it, through the gateway: "*" or a list of entity tags, compared
 * strongly, so a weak tag never matches and a list that holds the current tag does.
 */
@ExtendWith(VertxExtension.class)
class IfMatchTest {

  static TestSystem system;
  static ApiClient api;
  static String admin;

  @BeforeAll
  static void start(Vertx vertx) {
    system = TestSystem.create(vertx).deploy(AuthVerticle::new, CatalogVerticle::new, GatewayVerticle::new);
    api = system.client();
    admin = api.post("/auth/login", new JsonObject().put("email", TestSettings.ADMIN_EMAIL)
      .put("password", TestSettings.ADMIN_PASSWORD)).json().getString("access_token");
  }

  @AfterAll
  static void stop() {
    system.stop();
  }

  static String newProduct() {
    var body = new JsonObject().put("sku", "TAG-" + UUID.randomUUID().toString().substring(0, 8)).put("title", "Mug")
      .put("price", new JsonObject().put("amount", 1000).put("currency", "USD"))
      .put("unit_cost", new JsonObject().put("amount", 400).put("currency", "USD"));
    var reply = api.post("/products", body, admin);
    assertEquals(201, reply.status(), reply::toString);
    assertEquals("\"1\"", reply.header("ETag"));
    return reply.json().getString("id");
  }

  static Reply rename(String id, String ifMatch) {
    return api.send(HttpMethod.PATCH, "/products/" + id, new JsonObject().put("title", "Renamed " + ifMatch).toBuffer(),
      "application/json", Map.of("Authorization", "Bearer " + admin, "If-Match", ifMatch));
  }

  @Test
  void aWeakTagNeverMatches() {
    var id = newProduct();
    assertProblem(rename(id, "W/\"1\""), 412, "precondition-failed");
    assertProblem(rename(id, "W/\"1\", W/\"2\""), 412, "precondition-failed");
  }

  @Test
  void aListThatHoldsTheCurrentTagMatches() {
    var id = newProduct();
    var renamed = rename(id, "\"0\", \"1\"");
    assertEquals(200, renamed.status(), renamed::toString);
    assertEquals("\"2\"", renamed.header("ETag"));
    var mixed = rename(id, "W/\"2\",\"2\"");
    assertEquals(200, mixed.status(), mixed::toString);
    assertEquals("\"3\"", mixed.header("ETag"));
  }

  @Test
  void aListWithoutTheCurrentTagFails() {
    var id = newProduct();
    assertProblem(rename(id, "\"2\", \"3\""), 412, "precondition-failed");
    assertProblem(rename(id, "\"1,2\""), 412, "precondition-failed");
  }

  @Test
  void somethingThatIsNotAnEntityTagIsNamed() {
    var id = newProduct();
    assertValidation(rename(id, "1"), "header.If-Match", "entity-tag");
    assertValidation(rename(id, "\"1\" \"2\""), "header.If-Match", "entity-tag");
    assertValidation(rename(id, "\"1"), "header.If-Match", "entity-tag");
  }

  /** Lines of a list header are one list (RFC 9110 §5.3): the second line was read as if it were not there. */
  @Test
  void twoLinesOfIfMatchAreOneList() {
    var id = newProduct();
    assertEquals(List.of(200), renameRaw(id, "If-Match: \"0\"\r\nIf-Match: \"1\"\r\n"));
    assertEquals(List.of(400), renameRaw(id, "If-Match: *\r\nIf-Match: \"2\"\r\n"));
    assertEquals(List.of(412), renameRaw(id, "If-Match: \"1\"\r\nIf-Match: \"3\"\r\n"));
  }

  private static List<Integer> renameRaw(String id, String ifMatchLines) {
    var body = new JsonObject().put("title", "Renamed").encode();
    try (var client = new RawHttp(system.port())) {
      client.send("PATCH /products/" + id + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + admin + "\r\n"
        + ifMatchLines + "Content-Type: application/json\r\nContent-Length: " + body.length()
        + "\r\nConnection: close\r\n\r\n" + body);
      return RawHttp.statuses(client.untilClosed());
    }
  }
}
