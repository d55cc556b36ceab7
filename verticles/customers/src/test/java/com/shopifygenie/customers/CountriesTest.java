package com.shopifygenie.customers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountriesTest {

  @ParameterizedTest
  @ValueSource(strings = {"US", "DE", "JP", "BR", "NZ"})
  void assignedCodesAreCountries(String code) {
    assertTrue(Countries.isAssigned(code));
  }

  /** Two capitals pass the contract's pattern; these are not assigned (UK is GB, EU is no country). */
  @ParameterizedTest
  @ValueSource(strings = {"XX", "UK", "EU", "ZZ", "us", "USA", ""})
  void otherCodesAreNot(String code) {
    assertFalse(Countries.isAssigned(code));
  }
}
