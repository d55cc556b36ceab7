package com.shopifygenie.platform;

import java.util.Arrays;

/** The roles a user can hold; their wire names are the ones the contracts list in x-roles. */
public enum Role {
  SUPER_ADMIN("super_admin"),
  STAFF("staff"),
  CUSTOMER("customer");

  private final String wireName;

  Role(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Role fromWire(String name) {
    return Arrays.stream(values()).filter(r -> r.wireName.equals(name)).findFirst()
      .orElseThrow(() -> new IllegalArgumentException("unknown role " + name));
  }
}
