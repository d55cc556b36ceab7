package com.shopifygenie.orders;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PricingTest {

  static final Pricing.ListedProduct MUG = new Pricing.ListedProduct("MUG", UUID.randomUUID(), "Mug", 1299, "USD", "active");
  static final Pricing.ListedProduct TEE = new Pricing.ListedProduct("TEE", UUID.randomUUID(), "Tee", 2500, "USD", "active");
  static final Map<String, Pricing.ListedProduct> LIST = Map.of("MUG", MUG, "TEE", TEE,
    "OLD", new Pricing.ListedProduct("OLD", UUID.randomUUID(), "Old", 100, "USD", "archived"),
    "EUR", new Pricing.ListedProduct("EUR", UUID.randomUUID(), "Euro thing", 100, "EUR", "active"));

  @Test
  void linesAndTotalAreComputedInMinorUnits() {
    var priced = Pricing.price(List.of(new Pricing.RequestedLine("MUG", 3), new Pricing.RequestedLine("TEE", 2)), LIST);
    assertEquals(3 * 1299 + 2 * 2500, priced.total());
    assertEquals("USD", priced.currency());
    assertEquals(3897, priced.lines().get(0).lineTotal());
    assertEquals(MUG.productId(), priced.lines().get(0).productId());
  }

  @Test
  void unknownAndArchivedSkusAreRefusedNamingTheLine() {
    var unknown = assertThrows(Refusal.class,
      () -> Pricing.price(List.of(new Pricing.RequestedLine("MUG", 1), new Pricing.RequestedLine("NOPE", 1)), LIST));
    assertEquals("/lines/1/sku", unknown.field);
    assertEquals("known-sku", unknown.rule);
    assertEquals("/lines/0/sku", assertThrows(Refusal.class,
      () -> Pricing.price(List.of(new Pricing.RequestedLine("OLD", 1)), LIST)).field);
  }

  @Test
  void aSkuTwiceOrTwoCurrenciesAreRefused() {
    assertEquals("unique", assertThrows(Refusal.class,
      () -> Pricing.price(List.of(new Pricing.RequestedLine("MUG", 1), new Pricing.RequestedLine("MUG", 2)), LIST)).rule);
    assertEquals("currency", assertThrows(Refusal.class,
      () -> Pricing.price(List.of(new Pricing.RequestedLine("MUG", 1), new Pricing.RequestedLine("EUR", 2)), LIST)).rule);
  }

  @Test
  void anOverflowingTotalIsAnErrorNotAWrapAround() {
    var huge = new Pricing.ListedProduct("GOLD", UUID.randomUUID(), "Gold", Long.MAX_VALUE / 2, "USD", "active");
    assertThrows(ArithmeticException.class,
      () -> Pricing.price(List.of(new Pricing.RequestedLine("GOLD", 3)), Map.of("GOLD", huge)));
  }
}
