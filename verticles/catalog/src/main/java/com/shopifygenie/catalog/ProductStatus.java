package com.shopifygenie.catalog;

import com.shopifygenie.platform.WireName;

/** Active products are sold and shown to customers; drafts are not yet, archived ones no longer. */
enum ProductStatus implements WireName {
  ACTIVE, DRAFT, ARCHIVED;

  static ProductStatus fromWire(String name) {
    return WireName.fromWire(ProductStatus.class, name);
  }
}
