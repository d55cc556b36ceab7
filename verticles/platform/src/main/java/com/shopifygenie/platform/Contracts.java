package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.impl.Utils;

import java.util.ArrayList;

/** The OpenAPI contracts in schemas/openapi/, packed in the jar: one per domain. */
public final class Contracts {

  public static final String PROBLEM_JSON = "application/problem+json";

  private Contracts() {}

  public static String resource(String domain) {
    return "schemas/openapi/" + domain + ".yaml";
  }

  /**
   * The contract as Vert.x reads it. vertx-openapi 5.0 refuses media types it has no analyser
   * for, application/problem+json (RFC 9457) among them; it has the grammar of
   * application/json, so it is read as that. The files themselves stay exact.
   */
  public static Future<OpenAPIContract> load(Vertx vertx, String domain) {
    return vertx.fileSystem().readFile(resource(domain))
      .compose(yaml -> Utils.yamlStringToJson(yaml.toString()))
      .compose(raw -> OpenAPIContract.from(vertx, problemsAsJson(raw)));
  }

  private static JsonObject problemsAsJson(JsonObject node) {
    for (var key : new ArrayList<>(node.fieldNames())) {
      var value = node.getValue(key);
      if (value instanceof JsonObject child) {
        problemsAsJson(child);
      } else if (value instanceof JsonArray array) {
        array.forEach(item -> {
          if (item instanceof JsonObject child) {
            problemsAsJson(child);
          }
        });
      }
      if (key.equals(PROBLEM_JSON) && !node.containsKey("application/json")) {
        node.put("application/json", node.remove(key));
      }
    }
    return node;
  }
}
