package com.shopifygenie.customers;

import java.util.Locale;
import java.util.Set;

/** ISO 3166-1 alpha-2: the contract checks the shape (two capitals), this the code is assigned. */
final class Countries {

  private static final Set<String> ASSIGNED = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);

  private Countries() {}

  static boolean isAssigned(String code) {
    return code != null && ASSIGNED.contains(code);
  }
}
