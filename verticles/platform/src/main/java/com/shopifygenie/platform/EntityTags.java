package com.shopifygenie.platform;

import java.util.HashSet;
import java.util.function.Predicate;

/**
 * If-Match as RFC 9110 §13.1.1 reads it: "*", or a list of entity tags, each an opaque quoted
 * string with an optional W/ prefix (§8.8.3). The condition uses the strong comparison
 * (§8.8.3.2), so a weak tag never matches and a list matches when one of its strong tags is the
 * current one.
 */
public final class EntityTags {

  private EntityTags() {}

  /**
   * Which current strong tags (such as "\"3\"") satisfy an If-Match field value.
   *
   * @throws IllegalArgumentException when the value is neither "*" nor a list of entity tags
   */
  public static Predicate<String> ifMatch(String fieldValue) {
    var value = fieldValue.strip();
    if (value.equals("*")) {
      return current -> true;
    }
    var strong = new HashSet<String>();
    int tags = 0;
    int i = 0;
    while (i < value.length()) {
      i = skip(value, i, " \t,"); // a list may hold empty elements (RFC 9110 §5.6.1.2)
      if (i == value.length()) {
        break;
      }
      var weak = value.startsWith("W/", i);
      var open = weak ? i + 2 : i;
      var close = endOfOpaqueTag(value, open);
      if (!weak) {
        strong.add(value.substring(open, close + 1));
      }
      tags++;
      i = skip(value, close + 1, " \t");
      if (i < value.length() && value.charAt(i) != ',') {
        throw new IllegalArgumentException("entity tags are separated by commas");
      }
    }
    if (tags == 0) {
      throw new IllegalArgumentException("no entity tag");
    }
    return strong::contains;
  }

  /** The index of the closing quote of the opaque tag opening at {@code open}. */
  private static int endOfOpaqueTag(String value, int open) {
    if (open >= value.length() || value.charAt(open) != '"') {
      throw new IllegalArgumentException("an entity tag is a quoted string, such as \"3\"");
    }
    for (int i = open + 1; i < value.length(); i++) {
      var c = value.charAt(i);
      if (c == '"') {
        return i;
      }
      // etagc = %x21 / %x23-7E / obs-text
      if (c < 0x21 || c == 0x7F || c > 0xFF) {
        throw new IllegalArgumentException("an entity tag holds only visible characters");
      }
    }
    throw new IllegalArgumentException("an entity tag is a quoted string, such as \"3\"");
  }

  private static int skip(String value, int from, String characters) {
    var i = from;
    while (i < value.length() && characters.indexOf(value.charAt(i)) >= 0) {
      i++;
    }
    return i;
  }
}
