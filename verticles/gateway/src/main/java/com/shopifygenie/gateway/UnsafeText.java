package com.shopifygenie.gateway;

import com.shopifygenie.platform.Problem;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Text no domain should store: NUL (PostgreSQL refuses it in text, so it would become a 500)
 * and unpaired surrogates (not text at all: no UTF-8 encodes them, PostgreSQL would store "?").
 * Checked once here, for every header, every parameter and every string of a JSON body, keys too.
 */
final class UnsafeText {

  static final String RULE = "characters";
  private static final String WHY = "Text may not hold NUL (U+0000) or an unpaired surrogate (U+D800 to U+DFFF)";

  private UnsafeText() {}

  static boolean isUnsafe(String text) {
    for (int i = 0; i < text.length(); i++) {
      var c = text.charAt(i);
      if (c == '\u0000') {
        return true;
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /** Refuses the first header whose value holds unsafe text. */
  static void refuseInHeaders(MultiMap headers) {
    for (var header : headers) {
      checked("header." + header.getKey(), header.getValue());
    }
  }

  /** The text, or a problem naming the field when it holds unsafe characters. */
  static String checked(String field, String text) {
    if (text != null && isUnsafe(text)) {
      throw problem(field);
    }
    return text;
  }

  /** Refuses the first unsafe string of a decoded JSON body, named by its JSON pointer (a key by its object's). */
  static void refuseInBody(Object json) {
    var pointer = firstUnsafe(json, "");
    if (pointer != null) {
      throw problem(pointer.isEmpty() ? "/" : pointer);
    }
  }

  private static String firstUnsafe(Object json, String pointer) {
    if (json instanceof String text) {
      return isUnsafe(text) ? pointer : null;
    }
    if (json instanceof JsonObject object) {
      for (var entry : object) {
        if (isUnsafe(entry.getKey())) {
          return pointer;
        }
        var found = firstUnsafe(entry.getValue(), pointer + "/" + entry.getKey().replace("~", "~0").replace("/", "~1"));
        if (found != null) {
          return found;
        }
      }
    }
    if (json instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        var found = firstUnsafe(array.getValue(i), pointer + "/" + i);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static Problem problem(String field) {
    return Problem.validation(field, RULE, WHY);
  }
}
