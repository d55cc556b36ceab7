package com.shopifygenie.catalog;

import java.util.Locale;

/** Active products are sold and shown to customers; drafts are not yet, archived ones no longer. */
enum ProductStatus {
  ACTIVE, DRAFT, ARCHIVED;

  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ProductStatus fromWire(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
