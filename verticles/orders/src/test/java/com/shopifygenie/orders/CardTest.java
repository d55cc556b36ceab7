package com.shopifygenie.orders;

import org.junit.jupiter.api.Test;

import java.time.YearMonth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CardTest {

  static final YearMonth NOW = YearMonth.of(2026, 11);

  @Test
  void theLuhnCheckAcceptsTheTestCardsAndRefusesATypo() {
    for (var number : new String[] {"4242424242424242", "4000000000000002", "4000000000009995", "4000000000000119",
        "5555555555554444", "378282246310005"}) {
      assertTrue(Card.luhn(number), number);
    }
    assertFalse(Card.luhn("4242424242424241"));
    var refusal = assertThrows(Refusal.class, () -> Card.of("/card", "4242424242424241", "123", 12, 2030, NOW));
    assertEquals("/card/number", refusal.field);
    assertEquals("luhn", refusal.rule);
  }

  @Test
  void aCardIsValidThroughItsExpiryMonth() {
    Card.of("/card", "4242424242424242", "123", 11, 2026, NOW);
    var refusal = assertThrows(Refusal.class, () -> Card.of("/card", "4242424242424242", "123", 10, 2026, NOW));
    assertEquals("/card/exp_year", refusal.field);
    assertEquals("not-expired", refusal.rule);
  }

  @Test
  void whatOutlivesTheChargeIsBrandLastFourAndExpiry() {
    var card = Card.of("/card", "5555555555554444", "737", 3, 2030, NOW);
    assertEquals(new PaymentMethod("mastercard", "4444", 3, 2030), card.method());
    assertFalse(card.toString().contains("5555555555554444"), card::toString);
    assertFalse(card.toString().contains("737"), card::toString);
    assertEquals("visa", Card.brand("4242424242424242"));
    assertEquals("amex", Card.brand("378282246310005"));
    assertEquals("discover", Card.brand("6011111111111117"));
  }
}
