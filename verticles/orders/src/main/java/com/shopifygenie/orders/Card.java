package com.shopifygenie.orders;

import java.time.YearMonth;

/**
 * A payment card as the customer typed it, held only for the time of one charge. The number and
 * the CVC are never stored, logged nor put in an event: what outlives the charge is its
 * {@link PaymentMethod} (brand, last four digits, expiry). {@link #toString()} shows no more than
 * that, so a card printed by mistake leaks nothing.
 */
final class Card {

  private final String number;
  private final String cvc;
  private final int expMonth;
  private final int expYear;

  private Card(String number, String cvc, int expMonth, int expYear) {
    this.number = number;
    this.cvc = cvc;
    this.expMonth = expMonth;
    this.expYear = expYear;
  }

  /**
   * A card that can be charged in {@code now}'s month: its number passes the Luhn check and it has
   * not expired (a card is valid through the last day of its expiry month). Fields are named as
   * JSON pointers under {@code at}.
   */
  static Card of(String at, String number, String cvc, int expMonth, int expYear, YearMonth now) {
    if (!luhn(number)) {
      throw new Refusal(at + "/number", "luhn", "The card number fails its check digit (Luhn)");
    }
    if (YearMonth.of(expYear, expMonth).isBefore(now)) {
      throw new Refusal(at + "/exp_year", "not-expired", "The card expired at the end of " + expMonth + "/" + expYear);
    }
    return new Card(number, cvc, expMonth, expYear);
  }

  /** The Luhn (mod 10) check every card number carries in its last digit. */
  static boolean luhn(String digits) {
    int sum = 0;
    boolean doubled = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (doubled) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubled = !doubled;
    }
    return !digits.isEmpty() && sum % 10 == 0;
  }

  /** The network, from the number's leading digits (its issuer identification number). */
  static String brand(String number) {
    int two = Integer.parseInt(number.substring(0, 2));
    int four = Integer.parseInt(number.substring(0, 4));
    if (number.startsWith("4")) {
      return "visa";
    }
    if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
      return "mastercard";
    }
    if (two == 34 || two == 37) {
      return "amex";
    }
    if (number.startsWith("6011") || two == 65) {
      return "discover";
    }
    return "unknown";
  }

  /** The number itself, for the provider only. */
  String number() {
    return number;
  }

  String cvc() {
    return cvc;
  }

  PaymentMethod method() {
    return new PaymentMethod(brand(number), number.substring(number.length() - 4), expMonth, expYear);
  }

  @Override
  public String toString() {
    return "Card(" + method() + ")";
  }
}
