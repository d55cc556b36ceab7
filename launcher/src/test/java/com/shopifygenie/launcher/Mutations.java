package com.shopifygenie.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every way to break one thing of a valid request to an operation, read from its contract:
 * a required field or parameter removed, a bound or length exceeded, an enum broken, a NUL and
 * a lone surrogate in a string, a uuid in URN form, a line break after an id, a code or a date,
 * an unknown property where none is allowed,
 * a wrong content type, a malformed body, no credentials.
 */
final class Mutations {

  /** One broken request: what it breaks, the field a validation problem must name, the statuses allowed. */
  record Mutation(String kind, String description, String field, Set<Integer> expected, Consumer<FuzzRequest> apply) {}

  static final Set<Integer> BAD_REQUEST = Set.of(400);

  /** Formats whose value is one line, with nothing after it. */
  private static final Set<String> LINE_FORMATS = Set.of("uuid", "email", "uri", "date", "date-time");

  /** A step from a body node to a child: a property or an array index, and the child's schema. */
  private record Step(Object key, String name, JsonObject schema) {}

  private final ContractOperation operation;
  private final ValidValues values;
  private final List<Mutation> mutations = new ArrayList<>();

  private Mutations(ContractOperation operation, ValidValues values) {
    this.operation = operation;
    this.values = values;
  }

  static List<Mutation> of(ContractOperation operation, ValidValues values) {
    var all = new Mutations(operation, values);
    all.parameters();
    all.body();
    if (operation.secured()) {
      all.add("credentials", "no Authorization header", null, Set.of(401), r -> r.withCredentials = false);
    }
    return all.mutations;
  }

  private void add(String kind, String description, String field, Set<Integer> expected, Consumer<FuzzRequest> apply) {
    mutations.add(new Mutation(kind, description, field, expected, apply));
  }

  private void parameters() {
    for (var param : operation.params()) {
      var field = param.in() + "." + param.name();
      if (param.required() && !param.in().equals("path")) {
        add("required", field + " removed", field, BAD_REQUEST, r -> r.parameters(param.in()).remove(param.name()));
      }
      var schema = Schemas.concrete(param.schema());
      var type = Schemas.type(schema);
      if (!type.equals("string") && !type.equals("integer") && !type.equals("number")) {
        continue;
      }
      Supplier<Object> valid = () -> values.of(param.name(), schema, operation.fresh());
      Function<Object, Consumer<FuzzRequest>> put = value -> r -> r.parameters(param.in()).put(param.name(), String.valueOf(value));
      // an empty path segment names another route, and a header cannot carry a lone surrogate
      values(field, schema, valid, put, param.in().equals("path") ? 1 : 0, !param.in().equals("header"));
    }
  }

  private void body() {
    if (operation.body() == null) {
      return;
    }
    if (operation.bodyRequired()) {
      add("required", "no body", "body", BAD_REQUEST, r -> {
        r.body = null;
        r.contentType = null;
      });
    }
    add("content type", "body sent as text/plain", null, Set.of(400, 415), r -> r.contentType = "text/plain");
    add("malformed body", "body cut short", "body", BAD_REQUEST, r -> {
      var json = r.bodyBuffer().toString();
      r.rawBody = json.substring(0, json.length() - 1);
    });
    node(List.of(), operation.body());
  }

  private void node(List<Step> steps, JsonObject schema) {
    schema = Schemas.concrete(schema);
    var field = pointer(steps);
    switch (Schemas.type(schema)) {
      case "object" -> object(steps, schema, field);
      case "array" -> array(steps, schema, field);
      case "string", "integer", "number" -> {
        var last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        var node = schema;
        Supplier<Object> valid = () -> values.of(last == null ? null : last.name(), node, operation.fresh());
        values(field, schema, valid, value -> r -> set(r, steps, value), 0, true);
      }
      default -> { }
    }
  }

  private void object(List<Step> steps, JsonObject schema, String field) {
    var properties = Schemas.properties(schema);
    for (var name : Schemas.required(schema)) {
      add("required", child(field, name) + " removed", child(field, name), BAD_REQUEST, r -> remove(r, steps, name));
    }
    if (Boolean.FALSE.equals(schema.getValue("additionalProperties"))) {
      add("unknown property", child(field, "fuzz_unknown") + " sent", child(field, "fuzz_unknown"), BAD_REQUEST,
        r -> set(r, append(steps, new Step("fuzz_unknown", "fuzz_unknown", new JsonObject())), "x"));
    }
    var least = Schemas.bound(schema, "minProperties");
    if (least != null && least > 0 && Schemas.required(schema).isEmpty()) {
      add("bound", field + " with no properties (minProperties " + least + ")", field, BAD_REQUEST,
        r -> set(r, steps, new JsonObject()));
    }
    for (var name : properties.fieldNames()) {
      node(append(steps, new Step(name, name, properties.getJsonObject(name))), properties.getJsonObject(name));
    }
  }

  private void array(List<Step> steps, JsonObject schema, String field) {
    var name = steps.isEmpty() ? null : steps.get(steps.size() - 1).name();
    var least = Schemas.bound(schema, "minItems");
    if (least != null && least > 0) {
      add("bound", field + " with " + (least - 1) + " items (minItems " + least + ")", field, BAD_REQUEST,
        r -> set(r, steps, values.items(name, schema, (int) (least - 1), operation.fresh())));
    }
    var most = Schemas.bound(schema, "maxItems");
    if (most != null) {
      add("bound", field + " with " + (most + 1) + " items (maxItems " + most + ")", field, BAD_REQUEST,
        r -> set(r, steps, values.items(name, schema, (int) (most + 1), operation.fresh())));
    }
    var items = schema.getJsonObject("items", new JsonObject());
    node(append(steps, new Step(0, name, items)), items);
  }

  /** The breaks of one string or number, wherever it is: a parameter or a node of the body. */
  private void values(String field, JsonObject schema, Supplier<Object> valid, Function<Object, Consumer<FuzzRequest>> put,
                      long shortest, boolean notInHeader) {
    if (Schemas.type(schema).equals("string")) {
      strings(field, schema, valid, put, shortest, notInHeader);
      return;
    }
    var minimum = Schemas.bound(schema, "minimum");
    var maximum = Schemas.bound(schema, "maximum");
    var exclusiveMinimum = Schemas.bound(schema, "exclusiveMinimum");
    var exclusiveMaximum = Schemas.bound(schema, "exclusiveMaximum");
    if (minimum != null) {
      add("bound", field + " = " + (minimum - 1) + " (minimum " + minimum + ")", field, BAD_REQUEST, put.apply(minimum - 1));
    }
    if (maximum != null) {
      add("bound", field + " = " + (maximum + 1) + " (maximum " + maximum + ")", field, BAD_REQUEST, put.apply(maximum + 1));
    }
    if (exclusiveMinimum != null) {
      add("bound", field + " = " + exclusiveMinimum + " (exclusiveMinimum)", field, BAD_REQUEST, put.apply(exclusiveMinimum));
    }
    if (exclusiveMaximum != null) {
      add("bound", field + " = " + exclusiveMaximum + " (exclusiveMaximum)", field, BAD_REQUEST, put.apply(exclusiveMaximum));
    }
  }

  private void strings(String field, JsonObject schema, Supplier<Object> valid, Function<Object, Consumer<FuzzRequest>> put,
                       long shortest, boolean notInHeader) {
    var minLength = Schemas.bound(schema, "minLength");
    if (minLength != null && minLength - 1 >= shortest) {
      add("bound", field + " of " + (minLength - 1) + " characters (minLength " + minLength + ")", field, BAD_REQUEST,
        r -> put.apply(resized(String.valueOf(valid.get()), (int) (minLength - 1))).accept(r));
    }
    if (minLength != null && minLength > 1 && shortest == 0) {
      // the empty string too: a format check may read a first character before the length is checked
      add("bound", field + " empty (minLength " + minLength + ")", field, BAD_REQUEST, put.apply(""));
    }
    var maxLength = Schemas.bound(schema, "maxLength");
    if (maxLength != null) {
      add("bound", field + " of " + (maxLength + 1) + " characters (maxLength " + maxLength + ")", field, BAD_REQUEST,
        r -> put.apply(resized(String.valueOf(valid.get()), (int) (maxLength + 1))).accept(r));
    }
    var enumeration = schema.getJsonArray("enum");
    if (enumeration != null && !enumeration.isEmpty()) {
      var outside = "x" + enumeration.getValue(0) + "x";
      add("enum", field + " = \"" + outside + "\" (not in " + enumeration.encode() + ")", field, BAD_REQUEST, put.apply(outside));
    }
    add("NUL", field + " carrying NUL", field, BAD_REQUEST, r -> put.apply(inserted(valid.get(), '\u0000')).accept(r));
    if (notInHeader) {
      add("lone surrogate", field + " carrying a lone surrogate", field, BAD_REQUEST,
        r -> put.apply(inserted(valid.get(), FuzzRequest.LONE_SURROGATE)).accept(r));
    }
    if ("uuid".equals(schema.getString("format"))) {
      add("URN uuid", field + " as urn:uuid:", field, BAD_REQUEST, r -> put.apply("urn:uuid:" + valid.get()).accept(r));
    }
    // a header cannot carry a line break; a pattern or format that ends the value must not take one after it
    if (notInHeader && (schema.containsKey("pattern") || LINE_FORMATS.contains(schema.getString("format", "")))) {
      for (var lineBreak : List.of("\n", "\u2028")) {
        add("line break", field + " ending with a line break", field, BAD_REQUEST,
          r -> put.apply(valid.get() + lineBreak).accept(r));
      }
    }
  }

  /** The value cut to, or grown (at the front, which keeps patterns anchored at the end) to, {@code length}. */
  private static String resized(String value, int length) {
    if (value.length() >= length) {
      return value.substring(0, length);
    }
    return "a".repeat(length - value.length()) + value;
  }

  private static String inserted(Object value, char c) {
    var text = String.valueOf(value);
    var middle = text.length() / 2;
    return text.substring(0, middle) + c + text.substring(middle);
  }

  private void set(FuzzRequest request, List<Step> steps, Object value) {
    if (steps.isEmpty()) {
      request.body = value;
      return;
    }
    var parent = parent(request, steps);
    var last = steps.get(steps.size() - 1);
    if (parent instanceof JsonObject object) {
      object.put((String) last.key(), value);
    } else if (parent instanceof JsonArray array) {
      array.set((Integer) last.key(), value);
    }
  }

  private void remove(FuzzRequest request, List<Step> steps, String name) {
    var node = steps.isEmpty() ? request.body : child(parent(request, steps), steps.get(steps.size() - 1));
    ((JsonObject) node).remove(name);
  }

  /** The container of the last step, made valid where the valid request left it out. */
  private Object parent(FuzzRequest request, List<Step> steps) {
    var node = request.body;
    for (var step : steps.subList(0, steps.size() - 1)) {
      node = child(node, step);
    }
    return node;
  }

  private Object child(Object node, Step step) {
    if (node instanceof JsonObject object) {
      var key = (String) step.key();
      if (!object.containsKey(key)) {
        object.put(key, values.of(step.name(), step.schema(), operation.fresh()));
      }
      return object.getValue(key);
    }
    var array = (JsonArray) node;
    var index = (Integer) step.key();
    while (array.size() <= index) {
      array.add(values.of(step.name(), step.schema(), operation.fresh()));
    }
    return array.getValue(index);
  }

  private static List<Step> append(List<Step> steps, Step step) {
    var longer = new ArrayList<>(steps);
    longer.add(step);
    return longer;
  }

  private static String pointer(List<Step> steps) {
    if (steps.isEmpty()) {
      return "/";
    }
    var pointer = new StringBuilder();
    for (var step : steps) {
      pointer.append('/').append(String.valueOf(step.key()).replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }

  private static String child(String field, String name) {
    return (field.equals("/") ? "" : field) + "/" + name;
  }
}
