package com.shopifygenie.analytics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CoPurchaseTest {

  @Test
  void supportConfidenceAndLiftOfAPair() {
    // 10 baskets, A in 4, B in 5, both in 3: support 0.3, confidence 0.75, lift 0.75 / 0.5 = 1.5
    var rule = CoPurchase.rule(UUID.randomUUID(), 10, 4, 5, 3);
    assertEquals(0.3, rule.support(), 1e-12);
    assertEquals(0.75, rule.confidence(), 1e-12);
    assertEquals(1.5, rule.lift(), 1e-12);
  }

  @Test
  void bestLiftFirstThenSupport() {
    var a = new CoPurchase.Rule(new UUID(0, 1), 2, 0.2, 0.5, 2.0);
    var b = new CoPurchase.Rule(new UUID(0, 2), 3, 0.3, 0.5, 2.0);
    var c = new CoPurchase.Rule(new UUID(0, 3), 5, 0.5, 0.9, 1.2);
    assertEquals(List.of(b, a), CoPurchase.best(List.of(c, a, b), 2));
  }

  @Test
  void minimumSupportAsBaskets() {
    assertEquals(1, CoPurchase.minimumTogether(10, 0.01));
    assertEquals(3, CoPurchase.minimumTogether(10, 0.3));
    assertEquals(4, CoPurchase.minimumTogether(10, 0.31));
  }
}
