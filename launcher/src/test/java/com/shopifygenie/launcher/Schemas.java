package com.shopifygenie.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Reads the JSON Schemas of a contract: local $refs inlined, and the few facts the fuzz needs. */
final class Schemas {

  private static final int DEPTH = 32;

  private Schemas() {}

  /** The node with every local $ref replaced by what it points to, in a copy. */
  static JsonObject inline(JsonObject root, JsonObject node) {
    return node == null ? null : (JsonObject) inline(root, node, 0);
  }

  private static Object inline(JsonObject root, Object node, int depth) {
    if (depth > DEPTH) {
      throw new IllegalStateException("a $ref cycle in the contract, or nesting deeper than " + DEPTH);
    }
    if (node instanceof JsonObject object) {
      if (object.getValue("$ref") instanceof String ref && ref.startsWith("#/")) {
        return inline(root, pointer(root, ref.substring(1)), depth + 1);
      }
      var copy = new JsonObject();
      object.forEach(e -> copy.put(e.getKey(), inline(root, e.getValue(), depth + 1)));
      return copy;
    }
    if (node instanceof JsonArray array) {
      var copy = new JsonArray();
      array.forEach(item -> copy.add(inline(root, item, depth + 1)));
      return copy;
    }
    return node;
  }

  private static Object pointer(JsonObject root, String pointer) {
    Object node = root;
    for (var token : pointer.substring(1).split("/")) {
      var key = token.replace("~1", "/").replace("~0", "~");
      node = node instanceof JsonObject object ? object.getValue(key) : null;
      if (node == null) {
        throw new IllegalStateException("unresolvable $ref #" + pointer);
      }
    }
    return node;
  }

  /** The JSON type a valid value has: the first non-null of "type", else what the schema implies. */
  static String type(JsonObject schema) {
    var type = schema.getValue("type");
    if (type instanceof String single) {
      return single;
    }
    if (type instanceof JsonArray several) {
      return several.stream().map(String::valueOf).filter(t -> !t.equals("null")).findFirst().orElse("null");
    }
    if (schema.containsKey("properties")) {
      return "object";
    }
    if (schema.containsKey("items")) {
      return "array";
    }
    var enumeration = schema.getJsonArray("enum");
    if (enumeration != null && !enumeration.isEmpty()) {
      return enumeration.getValue(0) instanceof String ? "string" : "integer";
    }
    var first = alternative(schema);
    return first == null ? "string" : type(first);
  }

  /** The first alternative of a oneOf/anyOf/allOf that is not just null. */
  static JsonObject alternative(JsonObject schema) {
    for (var keyword : List.of("oneOf", "anyOf", "allOf")) {
      var alternatives = schema.getJsonArray(keyword);
      if (alternatives != null) {
        for (var alternative : alternatives) {
          if (alternative instanceof JsonObject object && !"null".equals(object.getValue("type"))) {
            return object;
          }
        }
      }
    }
    return null;
  }

  /** The schema itself, or the alternative that says what it is when it only lists alternatives. */
  static JsonObject concrete(JsonObject schema) {
    if (schema.containsKey("type") || schema.containsKey("properties") || schema.containsKey("enum")) {
      return schema;
    }
    var first = alternative(schema);
    return first == null ? schema : first;
  }

  static JsonObject properties(JsonObject schema) {
    var properties = schema.getJsonObject("properties");
    return properties == null ? new JsonObject() : properties;
  }

  static List<String> required(JsonObject schema) {
    var required = schema.getJsonArray("required");
    var names = new ArrayList<String>();
    if (required != null) {
      required.forEach(name -> names.add(String.valueOf(name)));
    }
    return names;
  }

  static Long bound(JsonObject schema, String keyword) {
    var value = schema.getValue(keyword);
    return value instanceof Number number ? number.longValue() : null;
  }
}
