package com.shopifygenie.analytics;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * "Frequently bought together" as association rules A -> B over paid baskets: support is the share
 * of all baskets holding both, confidence the share of A's baskets holding B, and lift the
 * confidence over B's own share (above 1: B is bought with A more than on its own).
 */
final class CoPurchase {

  record Rule(UUID product, long together, double support, double confidence, double lift) {}

  /** Best lift first, then support, then product id, so the order is total. */
  static final Comparator<Rule> BEST_FIRST = Comparator.comparingDouble(Rule::lift).reversed()
    .thenComparing(Comparator.comparingDouble(Rule::support).reversed())
    .thenComparing(Rule::product);

  private CoPurchase() {}

  /**
   * @param baskets all paid baskets; {@code withA} those holding A; {@code withB} those holding B;
   *                {@code together} those holding both
   */
  static Rule rule(UUID b, long baskets, long withA, long withB, long together) {
    var support = (double) together / baskets;
    var confidence = (double) together / withA;
    var lift = confidence / ((double) withB / baskets);
    return new Rule(b, together, support, confidence, lift);
  }

  /** The fewest baskets a pair must share to reach the minimum support. */
  static long minimumTogether(long baskets, double minimumSupport) {
    return Math.max(1, (long) Math.ceil(baskets * minimumSupport - 1e-9));
  }

  static List<Rule> best(List<Rule> rules, int limit) {
    return rules.stream().sorted(BEST_FIRST).limit(limit).toList();
  }
}
