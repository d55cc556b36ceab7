package com.shopifygenie.testkit;

import com.shopifygenie.platform.Contracts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP client for tests that checks every response it receives: against the operation's
 * contract when the request hit one, otherwise it must be a problem+json body. Calls block the
 * test thread (never an event loop) so tests read top-down.
 */
public final class ApiClient {

  private final Vertx vertx;
  private final WebClient web;
  private final Map<OpenAPIContract, ResponseValidator> contracts = new HashMap<>();

  public ApiClient(Vertx vertx, int port, List<String> domains) {
    this.vertx = vertx;
    this.web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
      .setFollowRedirects(false), new PoolOptions().setHttp1MaxSize(64));
    for (var domain : domains) {
      var contract = Contracts.load(vertx, domain).await();
      contracts.put(contract, ResponseValidator.create(vertx, contract));
    }
  }

  public Reply get(String path) {
    return send(HttpMethod.GET, path, null, null, Map.of());
  }

  public Reply get(String path, String token) {
    return send(HttpMethod.GET, path, null, null, bearer(token));
  }

  public Reply post(String path, JsonObject body) {
    return send(HttpMethod.POST, path, body.toBuffer(), "application/json", Map.of());
  }

  public Reply post(String path, JsonObject body, String token) {
    return send(HttpMethod.POST, path, body.toBuffer(), "application/json", bearer(token));
  }

  public Reply patch(String path, JsonObject body, String token) {
    return send(HttpMethod.PATCH, path, body.toBuffer(), "application/json", bearer(token));
  }

  public Reply send(HttpMethod method, String path, Buffer body, String contentType, Map<String, String> headers) {
    return sendAsync(method, path, body, contentType, headers).await();
  }

  /** For concurrent tests: the same checks, without blocking. */
  public Future<Reply> sendAsync(HttpMethod method, String path, Buffer body, String contentType,
                                 Map<String, String> headers) {
    var request = web.request(method, path).timeout(TimeUnit.SECONDS.toMillis(30));
    headers.forEach(request::putHeader);
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendBuffer(body);
    return sent.compose(response -> check(method, path, response)
      .map(v -> new Reply(response.statusCode(), response.headers(), response.body())));
  }

  private Future<Void> check(HttpMethod method, String path, HttpResponse<Buffer> response) {
    var bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    for (var entry : contracts.entrySet()) {
      var operation = entry.getKey().findOperation(bare, method);
      if (operation != null) {
        var headers = new HashMap<String, String>();
        response.headers().forEach(h -> headers.putIfAbsent(h.getKey(), h.getValue()));
        var body = response.body();
        var contentType = response.getHeader("Content-Type");
        if (Contracts.PROBLEM_JSON.equals(contentType)) {
          if (!isProblem(response)) {
            return Future.failedFuture(new AssertionError(method + " " + path + " answered a malformed problem: " + body));
          }
          // the contract as Vert.x reads it names problem+json application/json (see Contracts.load)
          contentType = "application/json";
          headers.put("Content-Type", contentType);
        }
        var validatable = body == null || body.length() == 0
          ? ValidatableResponse.create(response.statusCode(), headers)
          : ValidatableResponse.create(response.statusCode(), headers, body, contentType);
        return entry.getValue().validate(validatable, operation.getOperationId())
          .recover(e -> Future.failedFuture(new AssertionError(method + " " + path + " answered "
            + response.statusCode() + " " + (body == null ? "" : body) + " against " + operation.getOperationId()
            + " of the contract: " + e.getMessage(), e)))
          .mapEmpty();
      }
    }
    if (bare.startsWith("/api-docs") || bare.startsWith("/openapi/") || response.statusCode() < 400) {
      return Future.succeededFuture();
    }
    return isProblem(response) ? Future.succeededFuture()
      : Future.failedFuture(new AssertionError(method + " " + path + " answered " + response.statusCode()
        + " without a problem+json body: " + response.bodyAsString()));
  }

  private static boolean isProblem(HttpResponse<Buffer> response) {
    if (!Contracts.PROBLEM_JSON.equals(response.getHeader("Content-Type"))) {
      return false;
    }
    var json = (JsonObject) Json.decodeValue(response.body());
    return json.getString("type") != null && json.getString("title") != null
      && json.getInteger("status") == response.statusCode();
  }

  private static Map<String, String> bearer(String token) {
    return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
  }

  public void close() {
    web.close();
  }
}
