package com.shopifygenie.platform;

import java.util.Locale;

/**
 * An enum whose name on the wire (JSON, query strings, SQL) is its constant's name in lower
 * case. Locale.ROOT, because in a Turkish locale "ACTIVE".toLowerCase() is "actıve".
 */
public interface WireName {

  String name();

  default String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The constant of a wire name; IllegalArgumentException for a name the enum does not have. */
  static <E extends Enum<E> & WireName> E fromWire(Class<E> type, String wireName) {
    return Enum.valueOf(type, wireName.toUpperCase(Locale.ROOT));
  }
}
