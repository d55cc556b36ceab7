package com.shopifygenie.launcher;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What the fuzz needs to know of one operation of a contract, with every schema's $refs inlined. */
record ContractOperation(String domain, Operation operation, List<Param> params, JsonObject body, boolean bodyRequired,
                         boolean secured, List<String> roles, Set<String> fresh) {

  record Param(String name, String in, boolean required, JsonObject schema) {}

  static List<ContractOperation> all(String domain, OpenAPIContract contract) {
    var root = contract.getRawContract();
    var operations = new ArrayList<ContractOperation>();
    for (var operation : contract.operations()) {
      var params = operation.getParameters().stream()
        .map(p -> new Param(p.getName(), p.getIn().name().toLowerCase(Locale.ROOT), p.isRequired(),
          Schemas.inline(root, p.getOpenAPIModel().getJsonObject("schema", new JsonObject()))))
        .toList();
      var requestBody = operation.getRequestBody();
      JsonObject body = null;
      if (requestBody != null) {
        var json = requestBody.getContent().get("application/json");
        if (json == null) {
          throw new IllegalStateException(operation.getOperationId() + " takes a body the fuzz cannot build: "
            + requestBody.getContent().keySet());
        }
        body = Schemas.inline(root, json.getOpenAPIModel().getJsonObject("schema", new JsonObject()));
      }
      var requirements = operation.getSecurityRequirements();
      var secured = requirements != null && !requirements.isEmpty() && requirements.stream().noneMatch(r -> r.isEmpty());
      operations.add(new ContractOperation(domain, operation, params, body,
        requestBody != null && requestBody.isRequired(), secured, roles(operation), created(root, operation)));
    }
    return operations;
  }

  String key() {
    return domain + "." + operation.getOperationId();
  }

  HttpMethod method() {
    return operation.getHttpMethod();
  }

  String template() {
    return operation.getOpenAPIPath();
  }

  /** Whether the operation takes anything a client could get wrong. */
  boolean hasInput() {
    return !params.isEmpty() || body != null || secured;
  }

  private static List<String> roles(Operation operation) {
    var roles = operation.getExtensions().get("x-roles");
    var names = new ArrayList<String>();
    if (roles instanceof JsonArray list) {
      list.forEach(r -> names.add(String.valueOf(r)));
    } else if (roles instanceof List<?> list) {
      list.forEach(r -> names.add(String.valueOf(r)));
    }
    return names;
  }

  /**
   * The properties a POST answers with 201: the request makes them, so their values must be new
   * (a fresh sku or email), not the fixtures'.
   */
  private static Set<String> created(JsonObject root, Operation operation) {
    var response = operation.getHttpMethod() == HttpMethod.POST ? operation.getResponse(201) : null;
    var json = response == null ? null : response.getContent().get("application/json");
    if (json == null) {
      return Set.of();
    }
    var schema = Schemas.inline(root, json.getOpenAPIModel().getJsonObject("schema", new JsonObject()));
    return Set.copyOf(Schemas.properties(schema).fieldNames());
  }

  /** The valid request every mutation starts from: required parameters, headers and the body. */
  FuzzRequest valid(ValidValues values) {
    var request = new FuzzRequest(method(), template());
    for (var param : params) {
      if (param.required() || param.in().equals("header")) {
        request.parameters(param.in()).put(param.name(), String.valueOf(values.of(param.name(), param.schema(), fresh)));
      }
    }
    if (body != null) {
      request.body = values.of(null, body, fresh);
      request.contentType = "application/json";
    }
    return request;
  }
}
