package com.shopifygenie.platform;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WireNameTest {

  /** In a Turkish locale "I".toLowerCase() is the dotless "ı": wire names must not depend on the JVM's locale. */
  @Test
  void wireNamesAreTheSameInEveryLocale() {
    var before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      assertEquals("super_admin", Role.SUPER_ADMIN.wireName());
      assertEquals(Role.SUPER_ADMIN, Role.fromWire("super_admin"));
    } finally {
      Locale.setDefault(before);
    }
    assertThrows(IllegalArgumentException.class, () -> Role.fromWire("root"));
  }
}
