package com.shopifygenie.testkit;

import com.shopifygenie.platform.Contracts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the gateway answers outside every contract, on purpose: the docs, the live page, the contract
 * files and CORS preflights. Any other success on a path no contract declares is an undocumented endpoint,
 * and every error anywhere is a problem+json body.
 */
final class OutsideContracts {

  private static final Pattern CONTRACT_FILE = Pattern.compile("/openapi/[a-z0-9-]+\\.yaml");

  private OutsideContracts() {}

  /** True for the answers below 400 the gateway gives deliberately outside the contracts. */
  static boolean allows(HttpMethod method, String path, Map<String, String> requestHeaders) {
    var read = method == HttpMethod.GET || method == HttpMethod.HEAD;
    var pages = path.equals("/api-docs") || path.startsWith("/api-docs/") || path.equals("/live")
      || path.startsWith("/live/");
    var contractFile = CONTRACT_FILE.matcher(path).matches();
    var preflight = method == HttpMethod.OPTIONS
      && requestHeaders.keySet().stream().anyMatch("Access-Control-Request-Method"::equalsIgnoreCase);
    return read && (pages || contractFile) || preflight;
  }

  /** The answer to a HEAD where the GET's is a problem: its media type, no body. */
  static boolean isProblemWithoutBody(HttpResponse<Buffer> response) {
    return Contracts.PROBLEM_JSON.equals(ContractAnswers.mediaType(response.getHeader("Content-Type")))
      && (response.body() == null || response.body().length() == 0);
  }

  /** An RFC 9457 body, sent as application/problem+json, whose status is the answer's. */
  static boolean isProblem(HttpResponse<Buffer> response) {
    if (!Contracts.PROBLEM_JSON.equals(ContractAnswers.mediaType(response.getHeader("Content-Type")))
      || response.body() == null) {
      return false;
    }
    try {
      var json = (JsonObject) Json.decodeValue(response.body());
      return json.getString("type") != null && json.getString("title") != null
        && json.getInteger("status") == response.statusCode();
    } catch (DecodeException | ClassCastException e) {
      return false;
    }
  }
}
