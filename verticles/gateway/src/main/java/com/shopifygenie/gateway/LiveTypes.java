package com.shopifygenie.gateway;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code types=} filter of a live feed: a comma-separated list of event types without the
 * "shopifygenie." prefix, each exact ("payment.processed") or every type of an aggregate
 * ("order.*"). Absent or empty: every type.
 */
final class LiveTypes {

  private static final String PREFIX = "shopifygenie.";

  private final Set<String> exact;
  private final List<String> prefixes;

  private LiveTypes(Set<String> exact, List<String> prefixes) {
    this.exact = exact;
    this.prefixes = prefixes;
  }

  static LiveTypes parse(String types) {
    if (types == null || types.isBlank()) {
      return new LiveTypes(Set.of(), List.of(""));
    }
    var patterns = Arrays.stream(types.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
    return new LiveTypes(
      patterns.stream().filter(p -> !p.endsWith(".*")).collect(Collectors.toSet()),
      patterns.stream().filter(p -> p.endsWith(".*")).map(p -> p.substring(0, p.length() - 1)).toList());
  }

  /** Whether a CloudEvents type (shopifygenie.order.created) passes the filter. */
  boolean accepts(String type) {
    var shortType = type.startsWith(PREFIX) ? type.substring(PREFIX.length()) : type;
    return exact.contains(shortType) || prefixes.stream().anyMatch(shortType::startsWith);
  }
}
