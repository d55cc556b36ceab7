package com.shopifygenie.customers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SegmentTest {

  @ParameterizedTest(name = "r{0} f{1} m{2} is {3}")
  @CsvSource({
    "5, 5, 5, champions", "4, 4, 4, champions", "5, 5, 3, loyal", "3, 3, 1, loyal", "3, 5, 5, loyal",
    "5, 1, 5, new", "4, 1, 1, new", "2, 3, 5, at_risk", "1, 5, 5, at_risk", "1, 2, 5, lost", "1, 1, 1, lost",
    "3, 1, 2, promising", "5, 2, 4, promising", "2, 2, 5, needs_attention", "2, 1, 1, needs_attention"})
  void theFirstRuleThatHoldsNamesTheSegment(int r, int f, int m, String segment) {
    assertEquals(segment, Segment.of(r, f, m).wireName());
  }
}
