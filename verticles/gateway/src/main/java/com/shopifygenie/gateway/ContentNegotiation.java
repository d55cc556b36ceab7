package com.shopifygenie.gateway;

import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.openapi.contract.Operation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The media types an operation answers in, as its contract declares them for its successes, and
 * the one to answer a request in by its Accept header (RFC 9110 §12.5.1): each media type gets
 * the weight of the most specific range that matches it (type/subtype before type/&#42; before &#42;/&#42;);
 * the heaviest wins, then the one matched more specifically, then the one named first in the
 * header, then the contract's first. None above weight 0 is a 406. No Accept, or one with no range
 * that can be read, takes anything. Problems are answered as problem+json whatever it says.
 * Decided once per operation when the routes are built; a request costs a parse of its header only
 * when it is not the bare "&#42;/&#42;" or one of the media types as they are.
 */
final class ContentNegotiation {

  private final List<String> offered;

  private ContentNegotiation(List<String> offered) {
    this.offered = offered;
  }

  /** What the operation answers in: the media types of its 2xx answers in the contract as written. */
  static ContentNegotiation of(Operation operation, JsonObject asWritten) {
    var responses = asWritten.getJsonObject("paths").getJsonObject(operation.getOpenAPIPath())
      .getJsonObject(operation.getHttpMethod().name().toLowerCase(Locale.ROOT)).getJsonObject("responses");
    var offered = new LinkedHashSet<String>();
    for (var status : responses.fieldNames()) {
      if (!status.startsWith("2")) {
        continue;
      }
      var response = responses.getJsonObject(status);
      if (response.containsKey("$ref")) {
        response = (JsonObject) JsonPointer.from(response.getString("$ref").substring(1)).queryJson(asWritten);
      }
      var content = response.getJsonObject("content");
      if (content != null) {
        content.fieldNames().forEach(type -> offered.add(type.toLowerCase(Locale.ROOT)));
      }
    }
    return new ContentNegotiation(List.copyOf(offered));
  }

  /** True when the operation answers with a body, whose media type is negotiated. */
  boolean negotiates() {
    return !offered.isEmpty();
  }

  List<String> offered() {
    return offered;
  }

  /** The media type to answer in, or null when the Accept header allows none the operation offers. */
  String choose(String accept) {
    if (accept == null || accept.equals("*/*")) {
      return offered.get(0);
    }
    for (var type : offered) {
      if (accept.equals(type)) {
        return type;
      }
    }
    var ranges = ranges(accept);
    if (ranges.isEmpty()) {
      return offered.get(0);
    }
    String best = null;
    Range bestRange = null;
    for (var type : offered) {
      Range match = null;
      for (var range : ranges) {
        if (range.matches(type) && (match == null || range.specificity > match.specificity)) {
          match = range;
        }
      }
      if (match != null && match.weight > 0 && (bestRange == null || match.weight > bestRange.weight
        || match.weight == bestRange.weight && (match.specificity > bestRange.specificity
        || match.specificity == bestRange.specificity && match.position < bestRange.position))) {
        best = type;
        bestRange = match;
      }
    }
    return best;
  }

  /** One media range of an Accept header: its type and subtype (either may be *), weight and place. */
  private record Range(String type, String subtype, double weight, int specificity, int position) {

    boolean matches(String mediaType) {
      var slash = mediaType.indexOf('/');
      return type.equals("*") || type.equals(mediaType.substring(0, slash))
        && (subtype.equals("*") || subtype.equals(mediaType.substring(slash + 1)));
    }
  }

  /** The ranges that can be read; an element that cannot (no type/subtype, a weight that is no qvalue) is left out. */
  private static List<Range> ranges(String accept) {
    var ranges = new ArrayList<Range>();
    var elements = accept.split(",");
    for (int position = 0; position < elements.length; position++) {
      var parts = elements[position].split(";", -1);
      var range = parts[0].strip().toLowerCase(Locale.ROOT);
      var slash = range.indexOf('/');
      if (slash <= 0 || slash == range.length() - 1) {
        continue;
      }
      var type = range.substring(0, slash).strip();
      var subtype = range.substring(slash + 1).strip();
      if (type.equals("*") && !subtype.equals("*")) {
        continue;
      }
      var weight = 1.0;
      for (int i = 1; i < parts.length; i++) {
        var parameter = parts[i].strip();
        var equals = parameter.indexOf('=');
        if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("q")) {
          weight = qvalue(parameter.substring(equals + 1).strip());
          break; // what follows the weight is an accept extension
        }
      }
      if (weight >= 0) {
        var specificity = type.equals("*") ? 0 : subtype.equals("*") ? 1 : 2;
        ranges.add(new Range(type, subtype, weight, specificity, position));
      }
    }
    return ranges;
  }

  /** A qvalue: 0 to 1 with at most three decimals (RFC 9110 §12.4.2); -1 when it is not one. */
  private static double qvalue(String text) {
    if (text.isEmpty() || text.length() > 5 || !(text.charAt(0) == '0' || text.charAt(0) == '1')) {
      return -1;
    }
    if (text.length() > 1 && (text.charAt(1) != '.' || !text.substring(2).chars().allMatch(Character::isDigit))) {
      return -1;
    }
    var weight = Double.parseDouble(text);
    return weight <= 1 ? weight : -1;
  }
}
