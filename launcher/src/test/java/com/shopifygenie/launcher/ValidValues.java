package com.shopifygenie.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Builds a valid value for a schema of a contract: required properties filled, bounds, enums,
 * formats and patterns kept. A value the shop already holds (an id, the sku on sale, the
 * customer's credentials) comes from the fixtures by name, since a schema cannot say which
 * ids exist; every other string is fresh, so a request that creates something never collides.
 */
final class ValidValues {

  /** Tried in order when a string has a pattern: a fresh token, an ISO 4217 code, an ISO 3166 country, an E.164 phone. */
  private static final List<String> PATTERN_CANDIDATES = List.of("USD", "US", "+14155550100", "order.created");

  private final Map<String, Object> known;
  private final AtomicLong serial = new AtomicLong();

  ValidValues(Map<String, Object> known) {
    this.known = known;
  }

  /**
   * A valid value for {@code schema}, filling the property or parameter {@code name}.
   * Names in {@code fresh} are made anew even when a fixture of that name exists (the request
   * creates that thing). Ids are never fresh: the server makes them.
   */
  Object of(String name, JsonObject schema, Set<String> fresh) {
    schema = Schemas.concrete(schema);
    var uuid = "uuid".equals(schema.getString("format"));
    // a fixture is a scalar: a property of that name holding an object (customers' email preferences) is made
    var scalar = !Set.of("object", "array").contains(Schemas.type(schema));
    if (name != null && scalar && known.containsKey(name) && (uuid || !fresh.contains(name))) {
      return known.get(name);
    }
    if (schema.containsKey("const")) {
      return schema.getValue("const");
    }
    var enumeration = schema.getJsonArray("enum");
    if (enumeration != null && !enumeration.isEmpty()) {
      return schema.containsKey("default") ? schema.getValue("default") : enumeration.getValue(0);
    }
    return switch (Schemas.type(schema)) {
      case "object" -> object(schema, fresh);
      case "array" -> array(name, schema, fresh);
      case "integer", "number" -> number(schema);
      case "boolean" -> schema.getValue("default", true);
      case "null" -> null;
      default -> string(schema);
    };
  }

  private JsonObject object(JsonObject schema, Set<String> fresh) {
    var properties = Schemas.properties(schema);
    var object = new JsonObject();
    for (var name : Schemas.required(schema)) {
      object.put(name, of(name, properties.getJsonObject(name, new JsonObject()), fresh));
    }
    // minProperties asks for more than the required ones: the optional ones in their order
    var least = Schemas.bound(schema, "minProperties");
    for (var name : properties.fieldNames()) {
      if (least == null || object.size() >= least) {
        break;
      }
      if (!object.containsKey(name)) {
        object.put(name, of(name, properties.getJsonObject(name), fresh));
      }
    }
    return object;
  }

  private JsonArray array(String name, JsonObject schema, Set<String> fresh) {
    var least = Schemas.bound(schema, "minItems");
    return items(name, schema, (int) Math.max(1, least == null ? 0 : least), fresh);
  }

  /** {@code count} valid items of the array schema. */
  JsonArray items(String name, JsonObject schema, int count, Set<String> fresh) {
    var items = schema.getJsonObject("items", new JsonObject());
    var array = new JsonArray();
    for (int i = 0; i < count; i++) {
      array.add(of(name, items, fresh));
    }
    return array;
  }

  private static Object number(JsonObject schema) {
    if (schema.getValue("default") instanceof Number preset) {
      return preset;
    }
    long low = lowest(schema);
    long high = highest(schema);
    return Math.min(Math.max(1, low), high);
  }

  static long lowest(JsonObject schema) {
    var minimum = Schemas.bound(schema, "minimum");
    var exclusive = Schemas.bound(schema, "exclusiveMinimum");
    return exclusive != null ? exclusive + 1 : minimum != null ? minimum : Long.MIN_VALUE;
  }

  static long highest(JsonObject schema) {
    var maximum = Schemas.bound(schema, "maximum");
    var exclusive = Schemas.bound(schema, "exclusiveMaximum");
    return exclusive != null ? exclusive - 1 : maximum != null ? maximum : Long.MAX_VALUE;
  }

  private String string(JsonObject schema) {
    var token = "fz" + serial.incrementAndGet();
    // a format may hold only under a condition (the contracts' emails: if a first character, then format)
    var then = schema.getJsonObject("then");
    var format = schema.getString("format", then == null ? "" : then.getString("format", ""));
    var value = switch (format) {
      case "uuid" -> UUID.randomUUID().toString();
      case "email" -> token + "@example.com";
      case "date-time" -> Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      case "date" -> LocalDate.now(ZoneOffset.UTC).toString();
      case "uri", "url" -> "https://example.com/" + token;
      default -> fitted(schema, token);
    };
    var pattern = schema.getString("pattern");
    if (pattern == null || matches(pattern, value)) {
      return value;
    }
    for (var candidate : PATTERN_CANDIDATES) {
      if (matches(pattern, candidate) && fits(schema, candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no valid value known for the pattern " + pattern
      + ": add a candidate to ValidValues.PATTERN_CANDIDATES");
  }

  /** The token made as long as minLength asks, and no longer than maxLength allows. */
  private static String fitted(JsonObject schema, String token) {
    var least = Schemas.bound(schema, "minLength");
    var most = Schemas.bound(schema, "maxLength");
    var value = new StringBuilder(token);
    while (least != null && value.length() < least) {
      value.append('a');
    }
    return most != null && value.length() > most ? value.substring(0, most.intValue()) : value.toString();
  }

  private static boolean fits(JsonObject schema, String value) {
    var least = Schemas.bound(schema, "minLength");
    var most = Schemas.bound(schema, "maxLength");
    return (least == null || value.length() >= least) && (most == null || value.length() <= most);
  }

  /** JSON Schema patterns are searched for, not matched whole. */
  static boolean matches(String pattern, String value) {
    return Pattern.compile(pattern).matcher(value).find();
  }
}
