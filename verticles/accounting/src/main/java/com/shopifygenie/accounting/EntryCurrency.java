package com.shopifygenie.accounting;

import com.shopifygenie.platform.Problem;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The books a manual entry goes into. Each currency has its own chart, and one code may be in
 * several (1000 is cash in USD and in EUR): the entry names its currency, or else it is the one
 * currency whose chart has every account its lines name, USD first when several have them all
 * (what an entry on 1000 and 3000 meant before there were charts per currency).
 */
final class EntryCurrency {

  static final String DEFAULT = "USD";

  private EntryCurrency() {}

  /**
   * The entry's currency, from the one asked (null when not) and the accounts of the lines' codes in
   * every currency; a line whose account is missing, or lines in no one chart, are a 422 naming the
   * field.
   */
  static String of(String asked, List<JournalLine> lines, Collection<Account> accounts) {
    var chartsOf = new HashMap<String, Set<String>>();
    accounts.forEach(a -> chartsOf.computeIfAbsent(a.code(), code -> new TreeSet<>()).add(a.currency()));
    if (asked != null) {
      for (int i = 0; i < lines.size(); i++) {
        if (!chartsOf.getOrDefault(lines.get(i).accountCode(), Set.of()).contains(asked)) {
          throw unknown(i, "No account has the code " + lines.get(i).accountCode() + " in " + asked);
        }
      }
      return asked;
    }
    TreeSet<String> candidates = null;
    for (int i = 0; i < lines.size(); i++) {
      var code = lines.get(i).accountCode();
      var charts = chartsOf.getOrDefault(code, Set.of());
      if (charts.isEmpty()) {
        throw unknown(i, "No account has the code " + code);
      }
      var shared = candidates == null ? new TreeSet<>(charts) : intersection(candidates, charts);
      if (shared.isEmpty()) {
        throw Problem.unprocessable("/lines/" + i + "/account_code", "one-currency", "An entry is in one currency: "
          + code + " is kept in " + String.join(", ", charts) + ", the lines before it in "
          + String.join(", ", candidates));
      }
      candidates = shared;
    }
    if (candidates.contains(DEFAULT)) {
      return DEFAULT;
    }
    if (candidates.size() == 1) {
      return candidates.first();
    }
    throw Problem.unprocessable("/currency", "required", "The accounts of these codes are kept in "
      + String.join(", ", candidates) + ": say which currency the entry is in");
  }

  private static TreeSet<String> intersection(Set<String> a, Set<String> b) {
    var both = new TreeSet<>(a);
    both.retainAll(b);
    return both;
  }

  private static Problem unknown(int line, String message) {
    return Problem.unprocessable("/lines/" + line + "/account_code", "known-account", message);
  }
}
