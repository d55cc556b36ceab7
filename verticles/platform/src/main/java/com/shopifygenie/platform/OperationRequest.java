package com.shopifygenie.platform;

import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A validated request as it travels from the gateway to a domain over the event bus: plain
 * JSON, so it can cross nodes of a cluster.
 */
public record OperationRequest(String operationId, JsonObject path, JsonObject query, JsonObject headers,
                               Object body, Caller caller) {

  public static OperationRequest fromJson(JsonObject json) {
    return new OperationRequest(json.getString("operation"),
      orEmpty(json.getJsonObject("path")), orEmpty(json.getJsonObject("query")),
      orEmpty(json.getJsonObject("headers")), json.getValue("body"),
      Caller.fromJson(json.getJsonObject("caller")));
  }

  public JsonObject toJson() {
    return new JsonObject().put("operation", operationId).put("path", path).put("query", query)
      .put("headers", headers).put("body", body).put("caller", caller.toJson());
  }

  /** The body as an object; the contract guarantees its shape before it gets here. */
  public JsonObject bodyObject() {
    return body instanceof JsonObject o ? o : new JsonObject();
  }

  public String pathParam(String name) {
    return path.getString(name);
  }

  /**
   * A date-time query parameter, null when absent. The contract checks the format first; what it
   * lets through and java.time cannot read (a leap second, a lower-case "t") is a 400 naming it.
   */
  public OffsetDateTime queryTime(String name) {
    var value = query.getString(name);
    try {
      return value == null ? null : OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw Problem.validation("query." + name, "format", name + " must be an RFC 3339 date-time such as "
        + "2025-01-31T12:00:00Z");
    }
  }

  /** A header by its lower-case name. */
  public String header(String name) {
    return headers.getString(name.toLowerCase(Locale.ROOT));
  }

  private static JsonObject orEmpty(JsonObject o) {
    return o == null ? new JsonObject() : o;
  }
}
