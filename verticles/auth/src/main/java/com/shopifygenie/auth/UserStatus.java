package com.shopifygenie.auth;

import com.shopifygenie.platform.WireName;

/** An account is active or disabled; a disabled one cannot log in or refresh. */
enum UserStatus implements WireName {
  ACTIVE, DISABLED;

  static UserStatus fromWire(String name) {
    return WireName.fromWire(UserStatus.class, name);
  }
}
