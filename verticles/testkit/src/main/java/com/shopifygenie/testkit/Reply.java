package com.shopifygenie.testkit;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What a test client received, already checked against the contract. */
public record Reply(int status, MultiMap headers, Buffer body) {

  public JsonObject json() {
    return body == null || body.length() == 0 ? null : body.toJsonObject();
  }

  public JsonArray jsonArray() {
    return body.toJsonArray();
  }

  public String header(String name) {
    return headers.get(name);
  }

  public String text() {
    return body == null ? "" : body.toString();
  }

  @Override
  public String toString() {
    return status + " " + text();
  }
}
