package com.shopifygenie.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP client for tests that checks every response it receives: against the operation's
 * contract (schema and media type as the file declares them) when the request hit one; otherwise
 * an error must be a problem+json body and a success one the gateway gives outside the contracts
 * on purpose (see OutsideContracts). Calls block the test thread (never an event loop) so tests
 * read top-down.
 */
public final class ApiClient {

  private final Vertx vertx;
  private final WebClient web;
  private final List<ContractAnswers> contracts = new ArrayList<>();

  public ApiClient(Vertx vertx, int port, List<String> domains) {
    this.vertx = vertx;
    // idle connections are dropped well before the gateway's idle timeout (60 s by default), so a
    // request never goes out on a connection the server is closing at that moment
    this.web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
      .setFollowRedirects(false).setKeepAliveTimeout(10), new PoolOptions().setHttp1MaxSize(64));
    for (var domain : domains) {
      contracts.add(ContractAnswers.load(vertx, domain));
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
    return sent.compose(response -> check(method, path, headers, response)
      .map(v -> new Reply(response.statusCode(), response.headers(), response.body())));
  }

  private Future<Void> check(HttpMethod method, String path, Map<String, String> requestHeaders,
                             HttpResponse<Buffer> response) {
    var bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    var request = method + " " + path;
    // a HEAD is answered as its GET is, without the body (RFC 9110 §9.3.2)
    var head = method == HttpMethod.HEAD;
    for (var contract : contracts) {
      var operation = contract.find(bare, head ? HttpMethod.GET : method);
      if (operation != null) {
        return head ? contract.checkHead(operation, request, response) : contract.check(operation, request, response);
      }
    }
    if (response.statusCode() >= 400) {
      var problem = head ? OutsideContracts.isProblemWithoutBody(response) : OutsideContracts.isProblem(response);
      return problem ? Future.succeededFuture()
        : Future.failedFuture(new AssertionError(request + " answered " + response.statusCode()
          + " without a problem+json body: " + response.bodyAsString()));
    }
    return OutsideContracts.allows(method, bare, requestHeaders) ? Future.succeededFuture()
      : Future.failedFuture(new AssertionError(request + " answered " + response.statusCode()
        + " on a path and method no contract declares: " + response.bodyAsString()));
  }

  private static Map<String, String> bearer(String token) {
    return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
  }

  public void close() {
    web.close();
  }
}
