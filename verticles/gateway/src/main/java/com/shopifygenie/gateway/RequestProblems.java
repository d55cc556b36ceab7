package com.shopifygenie.gateway;

import com.shopifygenie.platform.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns what the contract validator rejected into a 400 problem that names the field (a JSON
 * pointer into the body, or "&lt;in&gt;.&lt;name&gt;" for a parameter) and the rule it broke.
 */
final class RequestProblems {

  private static final Pattern PARAMETER = Pattern.compile("(query|path|header|cookie) parameter ([^ .]+)");
  private static final Set<String> APPLICATORS =
    Set.of("properties", "$ref", "$dynamicRef", "allOf", "anyOf", "oneOf", "items", "prefixItems", "patternProperties");
  private static final Pattern PROPERTY = Pattern.compile("property \"([^\"]+)\"");

  private RequestProblems() {}

  static Problem from(ValidatorException e) {
    var message = e.getMessage() == null ? "invalid request" : e.getMessage();
    var parameter = PARAMETER.matcher(message);
    var field = parameter.find() ? parameter.group(1) + "." + parameter.group(2) : "body";
    if (e instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
      var errors = new JsonArray();
      collect(schema.getOutputUnit(), field, errors);
      var concrete = concrete(errors);
      if (!concrete.isEmpty()) {
        var first = concrete.getJsonObject(0);
        return Problem.validation(concrete, first.getString("field") + ": " + first.getString("message"));
      }
    }
    var rule = switch (e.type()) {
      case MISSING_REQUIRED_PARAMETER -> "required";
      case UNSUPPORTED_VALUE_FORMAT -> field.equals("body") ? "media-type" : "style";
      case ILLEGAL_VALUE -> field.equals("body") ? "json" : "format";
      case INVALID_VALUE_FORMAT -> "style";
      default -> "schema";
    };
    if (rule.equals("media-type")) {
      field = "header.Content-Type";
    }
    return Problem.validation(field, rule, message);
  }

  /**
   * The validator reports a failure once for the rule that failed and again for every schema
   * that applied that rule ("properties", "$ref", ...); a client wants only the first kind.
   */
  private static JsonArray concrete(JsonArray errors) {
    var concrete = new JsonArray();
    errors.stream().map(JsonObject.class::cast)
      .filter(e -> !APPLICATORS.contains(e.getString("rule")))
      .filter(e -> !e.getString("rule").equals("additionalProperties") || errors.stream().map(JsonObject.class::cast)
        .noneMatch(other -> other.getString("field").equals(e.getString("field"))
          && !APPLICATORS.contains(other.getString("rule")) && !other.getString("rule").equals("additionalProperties")))
      .forEach(concrete::add);
    return concrete.isEmpty() ? errors : concrete;
  }

  /** The leaves of the output unit tree are the concrete failures. */
  private static void collect(OutputUnit unit, String root, JsonArray errors) {
    var children = unit.getErrors();
    if (children != null && !children.isEmpty()) {
      children.forEach(child -> collect(child, root, errors));
      return;
    }
    if (unit.getError() == null) {
      return;
    }
    var location = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation().replaceFirst("^#", "");
    var rule = keyword(unit.getKeywordLocation());
    if (rule.equals("required")) {
      var property = PROPERTY.matcher(unit.getError());
      if (property.find()) {
        location = location + "/" + property.group(1);
      }
    }
    var field = root.equals("body") ? (location.isEmpty() ? "/" : location) : root + location;
    var message = rule.equals("additionalProperties") ? "This property is not allowed here" : unit.getError();
    errors.add(Problem.error(field, rule, message));
  }

  private static String keyword(String keywordLocation) {
    if (keywordLocation == null || keywordLocation.isEmpty()) {
      return "schema";
    }
    return keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
  }
}
