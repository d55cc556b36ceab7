package com.shopifygenie.customers;

import com.shopifygenie.platform.WireName;

/**
 * The named segments and the rules that give them, from recency, frequency and monetary scores
 * (1 to 5, 5 best). The rules are tried in this order; the first that holds names the segment.
 */
enum Segment implements WireName {
  CHAMPIONS("bought recently, often and the most"),
  LOYAL("buy often and not long ago"),
  NEW("bought recently, for the first time"),
  AT_RISK("bought often, but not for a long time"),
  LOST("bought rarely, and the longest ago"),
  PROMISING("bought recently, not often yet"),
  NEEDS_ATTENTION("bought rarely, and some time ago");

  final String description;

  Segment(String description) {
    this.description = description;
  }

  static Segment of(int recency, int frequency, int monetary) {
    if (recency >= 4 && frequency >= 4 && monetary >= 4) {
      return CHAMPIONS;
    }
    if (recency >= 3 && frequency >= 3) {
      return LOYAL;
    }
    if (recency >= 4 && frequency == 1) {
      return NEW;
    }
    if (recency <= 2 && frequency >= 3) {
      return AT_RISK;
    }
    if (recency == 1) {
      return LOST;
    }
    if (recency >= 3) {
      return PROMISING;
    }
    return NEEDS_ATTENTION;
  }

  static Segment fromWire(String name) {
    return WireName.fromWire(Segment.class, name);
  }
}
