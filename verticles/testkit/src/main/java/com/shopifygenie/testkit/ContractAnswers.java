package com.shopifygenie.testkit;

import com.shopifygenie.platform.Contracts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.impl.Utils;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;

import java.util.HashMap;
import java.util.Locale;
import java.util.Set;

/**
 * One contract's answers as a test checks them: the operation a request hit, the media types the
 * file declares for each answer (as written, which Contracts.load does not keep: it reads
 * problem+json as JSON for Vert.x) and the schema every body must match.
 */
final class ContractAnswers {

  private final OpenAPIContract contract;
  private final ResponseValidator validator;
  private final JsonObject raw;
  private final Vertx vertx;

  private ContractAnswers(Vertx vertx, OpenAPIContract contract, JsonObject raw) {
    this.vertx = vertx;
    this.contract = contract;
    this.validator = ResponseValidator.create(vertx, contract);
    this.raw = raw;
  }

  static ContractAnswers load(Vertx vertx, String domain) {
    var contract = Contracts.load(vertx, domain).await();
    var raw = readYaml(vertx, Contracts.resource(domain));
    return new ContractAnswers(vertx, contract, raw);
  }

  Operation find(String path, HttpMethod method) {
    return contract.findOperation(path, method);
  }

  /** Fails with what is wrong when the answer is not one the contract declares for the operation. */
  Future<Void> check(Operation operation, String request, HttpResponse<Buffer> response) {
    var body = response.body();
    var status = response.statusCode();
    var mediaType = mediaType(response.getHeader("Content-Type"));
    var declared = declaredMediaTypes(operation, status);
    if (declared != null && body != null && body.length() > 0 && !declared.contains(mediaType)) {
      return fail(request + " answered " + status + " as " + mediaType + " where " + operation.getOperationId()
        + " declares " + declared + ": " + body);
    }
    var headers = new HashMap<String, String>();
    response.headers().forEach(h -> headers.putIfAbsent(h.getKey(), h.getValue()));
    var contentType = response.getHeader("Content-Type");
    if (Contracts.PROBLEM_JSON.equals(mediaType)) {
      if (!OutsideContracts.isProblem(response)) {
        return fail(request + " answered a malformed problem: " + body);
      }
      // the contract as Vert.x reads it names problem+json application/json (see Contracts.load)
      contentType = "application/json";
      headers.put("Content-Type", contentType);
    }
    if (declared != null && mediaType != null && mediaType.startsWith("text/") && declared.contains(mediaType)) {
      // the validator reads no text bodies: a text answer (/metrics, a string) is one the contract
      // declares once its status and media type are
      return Future.succeededFuture();
    }
    var validatable = body == null || body.length() == 0
      ? ValidatableResponse.create(status, headers)
      : ValidatableResponse.create(status, headers, body, contentType);
    return validator.validate(validatable, operation.getOperationId())
      .recover(e -> fail(request + " answered " + status + " " + (body == null ? "" : body) + " against "
        + operation.getOperationId() + " of the contract: " + e.getMessage()))
      .mapEmpty();
  }

  /**
   * Fails with what is wrong when the answer to a HEAD is not one the contract declares for the
   * GET it stands for, or carries a body. Its headers are those of the GET, which tests compare.
   */
  Future<Void> checkHead(Operation operation, String request, HttpResponse<Buffer> response) {
    var status = response.statusCode();
    if (response.body() != null && response.body().length() > 0) {
      return fail(request + " answered " + status + " with a body: " + response.bodyAsString());
    }
    var declared = declaredMediaTypes(operation, status);
    if (declared == null) {
      return fail(request + " answered " + status + ", which " + operation.getOperationId() + " does not declare");
    }
    var mediaType = mediaType(response.getHeader("Content-Type"));
    if (mediaType != null && !declared.isEmpty() && !declared.contains(mediaType)) {
      return fail(request + " answered " + status + " as " + mediaType + " where " + operation.getOperationId()
        + " declares " + declared);
    }
    return Future.succeededFuture();
  }

  /** The media types the file declares for this answer; null when it declares no such answer. */
  private Set<String> declaredMediaTypes(Operation operation, int status) {
    var responses = raw.getJsonObject("paths").getJsonObject(operation.getOpenAPIPath())
      .getJsonObject(operation.getHttpMethod().name().toLowerCase(Locale.ROOT)).getJsonObject("responses");
    var response = responses.getJsonObject(String.valueOf(status));
    if (response == null) {
      response = responses.getJsonObject(status / 100 + "XX", responses.getJsonObject("default"));
    }
    if (response == null) {
      return null;
    }
    var content = resolve(response).getJsonObject("content");
    return content == null ? Set.of() : Set.copyOf(content.fieldNames());
  }

  /** Follows $ref within the file or to a sibling file of schemas/openapi/. */
  private JsonObject resolve(JsonObject node) {
    var resolved = node;
    var document = raw;
    while (resolved.containsKey("$ref")) {
      var ref = resolved.getString("$ref");
      var hash = ref.indexOf('#') < 0 ? ref.length() : ref.indexOf('#');
      if (hash > 0) {
        document = readYaml(vertx, "schemas/openapi/" + ref.substring(0, hash));
      }
      var pointer = hash < ref.length() ? ref.substring(hash + 1) : "";
      resolved = (JsonObject) JsonPointer.from(pointer).queryJson(document);
    }
    return resolved;
  }

  private static JsonObject readYaml(Vertx vertx, String resource) {
    return Utils.yamlStringToJson(vertx.fileSystem().readFileBlocking(resource).toString()).await();
  }

  static String mediaType(String contentType) {
    if (contentType == null) {
      return null;
    }
    var semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private static <T> Future<T> fail(String message) {
    return Future.failedFuture(new AssertionError(message));
  }
}
