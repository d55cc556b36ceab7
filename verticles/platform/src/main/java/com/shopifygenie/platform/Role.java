package com.shopifygenie.platform;

/** The roles a user can hold; their wire names are the ones the contracts list in x-roles. */
public enum Role implements WireName {
  SUPER_ADMIN,
  STAFF,
  CUSTOMER;

  public static Role fromWire(String name) {
    return WireName.fromWire(Role.class, name);
  }
}
