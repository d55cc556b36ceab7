package com.shopifygenie.testkit;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test client refuses answers the contracts do not allow. A fake gateway answers what each
 * test tells it to, right or wrong, so each check is seen to fail.
 */
@ExtendWith(VertxExtension.class)
class ApiClientTest {

  static final JsonObject CREDENTIALS = new JsonObject().put("email", "a@example.com").put("password", "password-1");
  static final AtomicReference<Handler<HttpServerRequest>> answer = new AtomicReference<>();
  static HttpServer server;
  static ApiClient api;

  @BeforeAll
  static void start(Vertx vertx) {
    server = vertx.createHttpServer().requestHandler(request -> answer.get().handle(request)).listen(0).await();
    api = new ApiClient(vertx, server.actualPort(), List.of("gateway", "auth"));
  }

  @AfterAll
  static void stop() {
    api.close();
    server.close().await();
  }

  static void answer(int status, String contentType, JsonObject body) {
    answer.set(request -> request.response().setStatusCode(status).putHeader("Content-Type", contentType)
      .end(body.toBuffer()));
  }

  static JsonObject problem(int status) {
    return new JsonObject().put("type", "https://shopifygenie.dev/problems/unauthorized").put("title", "Unauthorized")
      .put("status", status);
  }

  static JsonObject tokens() {
    return new JsonObject().put("access_token", "a.b.c").put("token_type", "Bearer").put("expires_in", 900)
      .put("refresh_token", "r".repeat(40));
  }

  @Test
  void answersTheContractDeclaresPass() {
    answer(401, "application/problem+json", problem(401));
    assertEquals(401, api.post("/auth/login", CREDENTIALS).status());
    answer(200, "application/json", tokens());
    assertEquals(200, api.post("/auth/login", CREDENTIALS).status());
  }

  @Test
  void anErrorDeclaredAsProblemJsonFailsWhenSentAsPlainJson() {
    answer(401, "application/json", problem(401));
    var refused = assertThrows(AssertionError.class, () -> api.post("/auth/login", CREDENTIALS));
    assertTrue(refused.getMessage().contains("as application/json where login declares [application/problem+json]"),
      refused.getMessage());
  }

  @Test
  void aSuccessDeclaredAsJsonFailsWhenSentAsProblemJson() {
    answer(200, "application/problem+json", tokens());
    assertThrows(AssertionError.class, () -> api.post("/auth/login", CREDENTIALS));
  }

  @Test
  void aProblemThatBreaksTheDeclaredSchemaFails() {
    answer(401, "application/problem+json", problem(401).put("errors", "none"));
    var refused = assertThrows(AssertionError.class, () -> api.post("/auth/login", CREDENTIALS));
    assertTrue(refused.getMessage().contains("against login"), refused.getMessage());
  }

  @Test
  void aSuccessOnAPathNoContractDeclaresFails() {
    answer(200, "application/json", new JsonObject().put("secret", true));
    var unknownPath = assertThrows(AssertionError.class, () -> api.get("/internal/debug"));
    assertTrue(unknownPath.getMessage().contains("no contract declares"), unknownPath.getMessage());
    // a declared path with a method no contract declares is no better
    assertThrows(AssertionError.class, () -> api.send(HttpMethod.DELETE, "/auth/login", null, null, Map.of()));
    answer(302, "text/plain", new JsonObject());
    assertThrows(AssertionError.class, () -> api.get("/somewhere-else"));
  }

  @Test
  void anErrorOutsideTheContractsMustBeAProblem() {
    answer(404, "text/plain", new JsonObject());
    assertThrows(AssertionError.class, () -> api.get("/no/such/thing"));
    answer(404, "application/problem+json", problem(404));
    assertEquals(404, api.get("/no/such/thing").status());
  }

  @Test
  void theDocsTheContractFilesAndCorsPreflightsMayAnswerOutsideTheContracts() {
    answer(200, "text/html", new JsonObject());
    assertEquals(200, api.get("/api-docs/").status());
    assertEquals(200, api.get("/api-docs/swagger-ui.css").status());
    assertEquals(200, api.send(HttpMethod.HEAD, "/api-docs/", null, null, Map.of()).status());
    assertEquals(200, api.get("/openapi/auth.yaml").status());
    answer(302, "text/plain", new JsonObject());
    assertEquals(302, api.get("/api-docs").status());
    answer(204, "text/plain", new JsonObject());
    assertEquals(204, api.send(HttpMethod.OPTIONS, "/auth/login", null, null,
      Map.of("Origin", "https://shop.example.com", "Access-Control-Request-Method", "POST")).status());
    // an OPTIONS that is no preflight is no exception
    assertThrows(AssertionError.class, () -> api.send(HttpMethod.OPTIONS, "/auth/login", null, null, Map.of()));
  }
}
