package com.shopifygenie.auth;

/** An account is active or disabled; a disabled one cannot log in or refresh. */
enum UserStatus {
  ACTIVE, DISABLED;

  String wireName() {
    return name().toLowerCase();
  }

  static UserStatus fromWire(String name) {
    return valueOf(name.toUpperCase());
  }
}
