package com.shopifygenie.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * An RFC 9457 problem: the one way a failure leaves a domain or the gateway. Handlers fail
 * their Future with one; the gateway writes it as application/problem+json.
 */
public final class Problem extends RuntimeException {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://shopifygenie.dev/problems/";

  private final int status;
  private final String kind;
  private final String title;
  private final JsonArray errors;
  private final JsonObject headers;

  private Problem(int status, String kind, String title, String detail, JsonArray errors, JsonObject headers) {
    super(detail, null, false, false);
    this.status = status;
    this.kind = kind;
    this.title = title;
    this.errors = errors;
    this.headers = headers;
  }

  public static Problem of(int status, String kind, String title, String detail) {
    return new Problem(status, kind, title, detail, null, null);
  }

  /** One invalid input: the field (a JSON pointer into the body, or a parameter name) and the rule it broke. */
  public static Problem validation(String field, String rule, String detail) {
    return validation(new JsonArray().add(error(field, rule, detail)), detail);
  }

  public static Problem validation(JsonArray errors, String detail) {
    return new Problem(400, "validation", "Request validation failed", detail, errors, null);
  }

  public static JsonObject error(String field, String rule, String message) {
    return new JsonObject().put("field", field).put("rule", rule).put("message", message);
  }

  public static Problem unprocessable(String field, String rule, String detail) {
    return new Problem(422, "unprocessable", "Request cannot be processed",
      detail, new JsonArray().add(error(field, rule, detail)), null);
  }

  public static Problem notFound(String what, Object id) {
    return of(404, "not-found", "Not found", what + " " + id + " does not exist");
  }

  public static Problem noRoute(String path) {
    return of(404, "not-found", "Not found", "No operation at " + path);
  }

  public static Problem methodNotAllowed(String method, String path) {
    return of(405, "method-not-allowed", "Method not allowed", method + " is not allowed on " + path);
  }

  public static Problem conflict(String detail) {
    return of(409, "conflict", "Conflict", detail);
  }

  /** A request at odds with the current state, naming the field whose value conflicts and the rule. */
  public static Problem conflict(String field, String rule, String detail) {
    return new Problem(409, "conflict", "Conflict", detail, new JsonArray().add(error(field, rule, detail)), null);
  }

  public static Problem unauthorized(String detail) {
    return new Problem(401, "unauthorized", "Unauthorized", detail, null,
      new JsonObject().put("WWW-Authenticate", "Bearer"));
  }

  public static Problem forbidden(String detail) {
    return of(403, "forbidden", "Forbidden", detail);
  }

  public static Problem tooLarge(long limit) {
    return of(413, "payload-too-large", "Payload too large", "Request bodies are limited to " + limit + " bytes");
  }

  public static Problem rateLimited(long retryAfterSeconds) {
    return new Problem(429, "rate-limited", "Too many requests",
      "Rate limit exceeded; retry after " + retryAfterSeconds + " s", null,
      new JsonObject().put("Retry-After", String.valueOf(retryAfterSeconds)));
  }

  public static Problem unavailable(String detail) {
    return of(503, "unavailable", "Service unavailable", detail);
  }

  /** Unavailable for now, with when to try again (a domain shedding load). */
  public static Problem unavailable(String detail, long retryAfterSeconds) {
    return new Problem(503, "unavailable", "Service unavailable", detail, null,
      new JsonObject().put("Retry-After", String.valueOf(retryAfterSeconds)));
  }

  public static Problem internal() {
    return of(500, "internal", "Internal error", "The request could not be completed");
  }

  /** Any failure as a problem: a problem stays itself, anything else is an internal error. */
  public static Problem from(Throwable failure) {
    return failure instanceof Problem p ? p : internal();
  }

  public int status() {
    return status;
  }

  public String type() {
    return TYPE_BASE + kind;
  }

  public JsonObject headers() {
    return headers == null ? new JsonObject() : headers;
  }

  public JsonObject toJson() {
    var json = new JsonObject().put("type", type()).put("title", title).put("status", status);
    if (getMessage() != null) {
      json.put("detail", getMessage());
    }
    if (errors != null) {
      json.put("errors", errors);
    }
    return json;
  }

  /** The problem as the reply a domain sends over the event bus. */
  public OperationResponse toResponse() {
    var response = new OperationResponse(status, headers().copy().put("Content-Type", CONTENT_TYPE), toJson());
    return response;
  }
}
