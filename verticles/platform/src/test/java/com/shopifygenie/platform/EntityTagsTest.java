package com.shopifygenie.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntityTagsTest {

  @Test
  void aStarMatchesAnyVersion() {
    assertTrue(EntityTags.ifMatch("*").test("\"7\""));
    assertTrue(EntityTags.ifMatch(" * ").test("\"1\""));
  }

  @Test
  void theCurrentStrongTagMatches() {
    assertTrue(EntityTags.ifMatch("\"2\"").test("\"2\""));
    assertFalse(EntityTags.ifMatch("\"2\"").test("\"3\""));
  }

  @Test
  void aWeakTagNeverMatches() {
    assertFalse(EntityTags.ifMatch("W/\"2\"").test("\"2\""));
    assertFalse(EntityTags.ifMatch("W/\"2\", W/\"3\"").test("\"2\""));
  }

  @Test
  void aListMatchesWhenOneOfItsStrongTagsIsCurrent() {
    var condition = EntityTags.ifMatch("\"1\", \"3\"");
    assertTrue(condition.test("\"1\""));
    assertTrue(condition.test("\"3\""));
    assertFalse(condition.test("\"2\""));
    assertTrue(EntityTags.ifMatch("W/\"2\",\"2\"").test("\"2\""));
    assertTrue(EntityTags.ifMatch(" , \"4\" ,, ").test("\"4\""));
  }

  @Test
  void aCommaInsideATagIsPartOfIt() {
    assertTrue(EntityTags.ifMatch("\"1,2\"").test("\"1,2\""));
    assertFalse(EntityTags.ifMatch("\"1,2\"").test("\"1\""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " , ", "1", "\"1", "\"1\" \"2\"", "W/1", "*, \"1\"", "\"a b\"", "\"1\"x"})
  void whatIsNotAnEntityTagListIsRefused(String value) {
    assertThrows(IllegalArgumentException.class, () -> EntityTags.ifMatch(value));
  }
}
