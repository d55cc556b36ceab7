package com.shopifygenie.platform;

import io.vertx.core.json.JsonObject;

/** A domain's answer to an operation: status, headers and a JSON body (or none). */
public record OperationResponse(int status, JsonObject headers, Object body) {

  public static OperationResponse ok(Object body) {
    return new OperationResponse(200, new JsonObject(), body);
  }

  public static OperationResponse created(Object body, String location) {
    return new OperationResponse(201, new JsonObject().put("Location", location), body);
  }

  public static OperationResponse noContent() {
    return new OperationResponse(204, new JsonObject(), null);
  }

  public OperationResponse withHeader(String name, String value) {
    return new OperationResponse(status, headers.copy().put(name, value), body);
  }

  public JsonObject toJson() {
    return new JsonObject().put("status", status).put("headers", headers).put("body", body);
  }

  public static OperationResponse fromJson(JsonObject json) {
    var headers = json.getJsonObject("headers");
    return new OperationResponse(json.getInteger("status"), headers == null ? new JsonObject() : headers,
      json.getValue("body"));
  }
}
