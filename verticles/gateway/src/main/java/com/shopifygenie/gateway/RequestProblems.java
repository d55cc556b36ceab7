package com.shopifygenie.gateway;

import com.shopifygenie.platform.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;

import java.util.HashSet;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns what the contract validator rejected into a 400 problem that names the field (a JSON
 * pointer into the body, or "&lt;in&gt;.&lt;name&gt;" for a parameter) and the rule it broke.
 */
final class RequestProblems {

  private static final Pattern PARAMETER = Pattern.compile("(query|path|header|cookie) parameter ([^ .]+)");
  private static final Set<String> APPLICATORS =
    Set.of("properties", "$ref", "$dynamicRef", "allOf", "anyOf", "oneOf", "items", "prefixItems", "patternProperties",
      "if"); // "if" reports its "then" failing, which is reported too
  private static final Pattern PROPERTY = Pattern.compile("property \"([^\"]+)\"");
  private static final String NOT_AN_ID = "Not an id: a UUID is written 8-4-4-4-12 hex digits, nothing around them";

  /** The most failures one answer lists; the detail says how many more there were. */
  static final int MAX_ERRORS = 100;

  private final OpenAPIContract contract;

  RequestProblems(OpenAPIContract contract) {
    this.contract = contract;
  }

  Problem from(ValidatorException e, Operation operation) {
    var message = e.getMessage() == null ? "invalid request" : e.getMessage();
    var parameter = PARAMETER.matcher(message);
    var field = parameter.find() ? parameter.group(1) + "." + parameter.group(2) : "body";
    if (e instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
      var errors = new JsonArray();
      collect(schema.getOutputUnit(), field, schemaOf(operation, field), errors);
      var concrete = concrete(errors);
      if (!concrete.isEmpty()) {
        var first = concrete.getJsonObject(0);
        return Problem.validation(concrete, first.getString("field") + ": " + first.getString("message")
          + (concrete.size() == MAX_ERRORS ? " (the first " + MAX_ERRORS + " failures are listed)" : ""));
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
   * that applied that rule ("properties", "$ref", ...); a client wants only the first kind. It
   * also reports a declared property whose own schema failed as not allowed by
   * additionalProperties (at the property, and at each object around it): such an entry is real
   * only when nothing failed at or inside that property. In time linear in the failures (a body of
   * 50,000 unknown properties held an event loop for minutes when each was checked against each),
   * and at most {@link #MAX_ERRORS} of them: the answer is not the client's body many times over.
   */
  private static JsonArray concrete(JsonArray errors) {
    var leaves = errors.stream().map(JsonObject.class::cast).filter(e -> !APPLICATORS.contains(e.getString("rule"))).toList();
    var fields = new TreeSet<String>();
    var failedAt = new HashSet<String>();
    for (var leaf : leaves) {
      fields.add(leaf.getString("field"));
      if (!leaf.getString("rule").equals("additionalProperties")) {
        failedAt.add(leaf.getString("field"));
      }
    }
    var concrete = new JsonArray();
    var seen = new HashSet<String>();
    leaves.stream()
      .filter(e -> !e.getString("rule").equals("additionalProperties") || !failsAtOrInside(e.getString("field"), fields, failedAt))
      .filter(e -> seen.add(e.getString("field") + " " + e.getString("rule")))
      .limit(MAX_ERRORS)
      .forEach(concrete::add);
    return concrete.isEmpty() ? new JsonArray(errors.stream().limit(MAX_ERRORS).toList()) : concrete;
  }

  /** Whether a rule other than additionalProperties failed at the field, or any rule inside it. */
  private static boolean failsAtOrInside(String field, NavigableSet<String> fields, Set<String> failedAt) {
    if (failedAt.contains(field)) {
      return true;
    }
    // in the sorted set, the fields inside ("/lines/0/sku" in "/lines/0", anything in "/") come
    // right after their prefix: the first one there tells
    var prefix = field.endsWith("/") ? field : field + "/";
    var next = field.endsWith("/") ? fields.higher(field) : fields.ceiling(prefix);
    return next != null && next.startsWith(prefix);
  }

  /** The leaves of the output unit tree are the concrete failures. */
  private void collect(OutputUnit unit, String root, JsonObject schema, JsonArray errors) {
    var children = unit.getErrors();
    if (children != null && !children.isEmpty()) {
      children.forEach(child -> collect(child, root, schema, errors));
      return;
    }
    if (unit.getError() == null) {
      return;
    }
    var location = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation().replaceFirst("^#", "");
    var rule = keyword(unit.getKeywordLocation());
    var message = unit.getError();
    if (rule.equals("required")) {
      var property = PROPERTY.matcher(unit.getError());
      if (property.find()) {
        location = location + "/" + property.group(1);
      }
    } else if (rule.equals("additionalProperties")) {
      message = "This property is not allowed here";
    } else if (rule.equals("pattern") && isUuid(schemaAt(schema, unit.getKeywordLocation()))) {
      // the pattern Contracts.load adds to every uuid: to a client it is the uuid format
      rule = "format";
      message = NOT_AN_ID;
    } else if (rule.equals("format") && unit.getError().contains("\"uuid\"")) {
      message = NOT_AN_ID;
    }
    var field = root.equals("body") ? (location.isEmpty() ? "/" : location) : root + location;
    errors.add(Problem.error(field, rule, message));
  }

  private static boolean isUuid(JsonObject schema) {
    return schema != null && "uuid".equals(schema.getValue("format"));
  }

  /** The schema the validator applied to a parameter ("path.user_id") or to the body. */
  private JsonObject schemaOf(Operation operation, String field) {
    if (field.equals("body")) {
      if (operation.getRequestBody() == null) {
        return null;
      }
      return operation.getRequestBody().getContent().values().stream().findFirst()
        .map(media -> media.getOpenAPIModel().getJsonObject("schema")).orElse(null);
    }
    var in = field.substring(0, field.indexOf('.'));
    var name = field.substring(field.indexOf('.') + 1);
    return operation.getParameters().stream()
      .filter(p -> p.getIn().name().equalsIgnoreCase(in) && p.getName().equalsIgnoreCase(name))
      .findFirst().map(p -> p.getOpenAPIModel().getJsonObject("schema")).orElse(null);
  }

  /**
   * The schema object holding the keyword a failure names ("#/properties/price/$ref/properties/
   * amount/minimum"), following each $ref through the contract.
   */
  private JsonObject schemaAt(JsonObject root, String keywordLocation) {
    if (root == null || keywordLocation == null) {
      return null;
    }
    var segments = keywordLocation.replaceFirst("^#/?", "").split("/");
    Object node = root;
    for (int i = 0; i < segments.length - 1 && node != null; i++) {
      var segment = segments[i].replace("~1", "/").replace("~0", "~");
      if (node instanceof JsonObject object && !object.containsKey(segment) && object.containsKey("$ref")) {
        node = referenced(object.getString("$ref")); // the validator enters a root $ref silently
      }
      if (node instanceof JsonObject object) {
        node = segment.equals("$ref") ? referenced(object.getString("$ref")) : object.getValue(segment);
      } else if (node instanceof JsonArray array && segment.chars().allMatch(Character::isDigit)) {
        var index = Integer.parseInt(segment);
        node = index < array.size() ? array.getValue(index) : null;
      } else {
        node = null;
      }
    }
    return node instanceof JsonObject object ? object : null;
  }

  private Object referenced(String ref) {
    if (ref == null || !ref.contains("#")) {
      return null;
    }
    return JsonPointer.from(ref.substring(ref.indexOf('#') + 1)).queryJson(contract.getRawContract());
  }

  private static String keyword(String keywordLocation) {
    if (keywordLocation == null || keywordLocation.isEmpty()) {
      return "schema";
    }
    return keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
  }
}
