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
  public static final String CSV = "text/csv";

  /**
   * What an id is, for every {@code format: uuid} of every contract: the canonical 8-4-4-4-12
   * hex form of RFC 9562 §4, the only one the domains parse. The validator's own uuid format
   * also takes {@code urn:uuid:...} and has no hook to change that, so this pattern goes next to it.
   */
  public static final String UUID_PATTERN =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

  /**
   * Where a format's own check ends with a Java {@code $}, which also matches before a final line
   * break: an email or a uri then takes one after it. This goes next to such formats.
   */
  private static final String ONE_LINE = "^\\S*$";

  /** vertx-openapi parses a server url as an absolute URL and keeps only its path. */
  private static final String RELATIVE_ORIGIN = "http://origin.invalid";

  private Contracts() {}

  public static String resource(String domain) {
    return "schemas/openapi/" + domain + ".yaml";
  }

  /**
   * The contract as Vert.x reads it; the files themselves stay exact:
   * <ul>
   *   <li>vertx-openapi 5.0 refuses media types it has no analyser for, application/problem+json
   *   (RFC 9457) among them; it has the grammar of application/json, so it is read as that;
   *   text/csv (RFC 4180, reports) likewise as text/plain;</li>
   *   <li>every uuid gets {@link #UUID_PATTERN}, an email or a uri {@link #ONE_LINE};</li>
   *   <li>a pattern's final {@code $} becomes {@code \z}: JSON Schema's patterns are ECMA-262's,
   *   whose {@code $} is the end of the text, while Java's also matches before a final line
   *   break, so {@code "USD\n"} or an id with a line break after it passed and failed later;</li>
   *   <li>server urls are relative (the docs call the host that served them), which vertx-openapi
   *   cannot parse: they are read against a stand-in origin, keeping their path.</li>
   * </ul>
   */
  public static Future<OpenAPIContract> load(Vertx vertx, String domain) {
    return asWritten(vertx, domain).compose(raw -> OpenAPIContract.from(vertx, withAbsoluteServers(readable(raw))));
  }

  /** The contract as its file has it, media types as written (text/csv, application/problem+json). */
  public static Future<JsonObject> asWritten(Vertx vertx, String domain) {
    return vertx.fileSystem().readFile(resource(domain)).compose(yaml -> Utils.yamlStringToJson(yaml.toString()));
  }

  private static JsonObject readable(JsonObject node) {
    for (var key : new ArrayList<>(node.fieldNames())) {
      var value = node.getValue(key);
      if (value instanceof JsonObject child) {
        readable(child);
      } else if (value instanceof JsonArray array) {
        array.forEach(item -> {
          if (item instanceof JsonObject child) {
            readable(child);
          }
        });
      }
      if (key.equals(PROBLEM_JSON) && !node.containsKey("application/json")) {
        node.put("application/json", node.remove(key));
      }
      if (key.equals(CSV) && !node.containsKey("text/plain")) {
        node.put("text/plain", node.remove(key));
      }
    }
    var format = node.getValue("format");
    if (!node.containsKey("pattern") && ("uuid".equals(format) || "email".equals(format) || "uri".equals(format))) {
      node.put("pattern", "uuid".equals(format) ? UUID_PATTERN : ONE_LINE);
    }
    if (node.getValue("pattern") instanceof String pattern && endsAnchored(pattern)) {
      node.put("pattern", pattern.substring(0, pattern.length() - 1) + "\\z");
    }
    return node;
  }

  /** Ends with a {@code $} that is not escaped (an even number of backslashes before it). */
  private static boolean endsAnchored(String pattern) {
    if (!pattern.endsWith("$")) {
      return false;
    }
    int backslashes = 0;
    for (int i = pattern.length() - 2; i >= 0 && pattern.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 0;
  }

  private static JsonObject withAbsoluteServers(JsonObject contract) {
    var servers = contract.getJsonArray("servers");
    if (servers != null) {
      servers.forEach(server -> {
        if (server instanceof JsonObject s && s.getString("url", "").startsWith("/")) {
          s.put("url", RELATIVE_ORIGIN + s.getString("url"));
        }
      });
    }
    return contract;
  }
}
