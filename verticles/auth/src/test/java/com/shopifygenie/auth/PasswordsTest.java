package com.shopifygenie.auth;

import com.shopifygenie.platform.Problem;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bcrypt hashing as the auth domain uses it; blocking on its futures from the test thread. */
class PasswordsTest {

  static Vertx vertx;
  static Passwords passwords;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    passwords = Passwords.create(vertx, 10).await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void hashesAreBcrypt2bAtCostTen() {
    var hash = passwords.hash("/password", "s3cret-pass", () -> true).await();
    assertEquals("$2b$10$", hash.substring(0, 7), hash);
    assertEquals(60, hash.length(), hash);
  }

  @Test
  void aConfiguredCostBelowTheFloorIsRaisedToTheFloor() {
    assertEquals(10, Passwords.MINIMUM_COST);
    var weak = Passwords.create(vertx, 4).await();
    assertEquals("$2b$10$", weak.hash("/password", "s3cret-pass", () -> true).await().substring(0, 7));
  }

  @Test
  void aConfiguredCostAboveTheFloorIsKept() {
    var stronger = Passwords.create(vertx, 11).await();
    var hash = stronger.hash("/password", "s3cret-pass", () -> true).await();
    assertEquals("$2b$11$", hash.substring(0, 7), hash);
    assertTrue(stronger.verify("s3cret-pass", hash, () -> true).await());
    // a hash of another cost still verifies: raising the cost does not lock anyone out
    assertTrue(stronger.verify("s3cret-pass", passwords.hash("/password", "s3cret-pass", () -> true).await(), () -> true).await());
  }

  @Test
  void theRightPasswordVerifiesAndAWrongOneDoesNot() {
    var hash = passwords.hash("/password", "s3cret-pass", () -> true).await();
    assertTrue(passwords.verify("s3cret-pass", hash, () -> true).await());
    assertFalse(passwords.verify("s3cret-pasS", hash, () -> true).await());
    assertFalse(passwords.verify("s3cret-pas", hash, () -> true).await());
    assertFalse(passwords.verify("", hash, () -> true).await());
  }

  @Test
  void eachHashHasItsOwnSalt() {
    var first = passwords.hash("/password", "s3cret-pass", () -> true).await();
    var second = passwords.hash("/password", "s3cret-pass", () -> true).await();
    assertNotEquals(first, second);
    assertTrue(passwords.verify("s3cret-pass", first, () -> true).await());
    assertTrue(passwords.verify("s3cret-pass", second, () -> true).await());
  }

  @Test
  void anUnknownUserNeverVerifies() {
    assertFalse(passwords.verify("s3cret-pass", null, () -> true).await());
    // not even with the password the decoy hash was made from
    assertFalse(passwords.verify("decoy-password", null, () -> true).await());
  }

  @Test
  void passwordsOfManyBytesUpToSeventyTwoHashAndVerify() {
    // 36 characters, 72 bytes in UTF-8: exactly what bcrypt reads, and every byte counts
    var accented = "é".repeat(35) + "AB";
    assertEquals(72, accented.getBytes(StandardCharsets.UTF_8).length);
    var hash = passwords.hash("/password", accented, () -> true).await();
    assertTrue(passwords.verify(accented, hash, () -> true).await());
    assertFalse(passwords.verify("é".repeat(35) + "A", hash, () -> true).await());
    assertFalse(passwords.verify("é".repeat(35) + "AC", hash, () -> true).await());
    // a tail beyond the 72 bytes would be ignored by bcrypt: such a password never matches
    assertFalse(passwords.verify(accented + "X", hash, () -> true).await());
  }

  /** Work its caller no longer waits for is not started: a 503 that says nothing changed. */
  @Test
  void aHashNoOneWaitsForIsNotMade() {
    var refused = assertThrows(Problem.class, () -> passwords.hash("/password", "s3cret-pass", () -> false).await());
    assertEquals(503, refused.status());
  }

  @Test
  void aPasswordOverSeventyTwoBytesIsRefusedNamingTheFieldAndTheRule() {
    var tooLong = "é".repeat(36) + "A".repeat(8);
    assertEquals(44, tooLong.length());
    assertEquals(80, tooLong.getBytes(StandardCharsets.UTF_8).length);
    var refused = assertThrows(Problem.class, () -> passwords.hash("/password", tooLong, () -> true).await());
    assertEquals(400, refused.status());
    var error = refused.toJson().getJsonArray("errors").getJsonObject(0);
    assertEquals("/password", error.getString("field"));
    assertEquals("maxBytes", error.getString("rule"));
  }
}
