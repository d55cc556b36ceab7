package com.shopifygenie.auth;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
    var hash = passwords.hash("s3cret-pass").await();
    assertEquals("$2b$10$", hash.substring(0, 7), hash);
    assertEquals(60, hash.length(), hash);
  }

  @Test
  void aConfiguredCostBelowTheFloorIsRaisedToTheFloor() {
    assertEquals(10, Passwords.MINIMUM_COST);
    var weak = Passwords.create(vertx, 4).await();
    assertEquals("$2b$10$", weak.hash("s3cret-pass").await().substring(0, 7));
  }

  @Test
  void aConfiguredCostAboveTheFloorIsKept() {
    var stronger = Passwords.create(vertx, 11).await();
    var hash = stronger.hash("s3cret-pass").await();
    assertEquals("$2b$11$", hash.substring(0, 7), hash);
    assertTrue(stronger.verify("s3cret-pass", hash).await());
    // a hash of another cost still verifies: raising the cost does not lock anyone out
    assertTrue(stronger.verify("s3cret-pass", passwords.hash("s3cret-pass").await()).await());
  }

  @Test
  void theRightPasswordVerifiesAndAWrongOneDoesNot() {
    var hash = passwords.hash("s3cret-pass").await();
    assertTrue(passwords.verify("s3cret-pass", hash).await());
    assertFalse(passwords.verify("s3cret-pasS", hash).await());
    assertFalse(passwords.verify("s3cret-pas", hash).await());
    assertFalse(passwords.verify("", hash).await());
  }

  @Test
  void eachHashHasItsOwnSalt() {
    var first = passwords.hash("s3cret-pass").await();
    var second = passwords.hash("s3cret-pass").await();
    assertNotEquals(first, second);
    assertTrue(passwords.verify("s3cret-pass", first).await());
    assertTrue(passwords.verify("s3cret-pass", second).await());
  }

  @Test
  void anUnknownUserNeverVerifies() {
    assertFalse(passwords.verify("s3cret-pass", null).await());
    // not even with the password the decoy hash was made from
    assertFalse(passwords.verify("decoy-password", null).await());
  }

  @Test
  void passwordsOfManyBytesHashAndVerify() {
    // 72 characters, 144 bytes in UTF-8: beyond what bcrypt reads, which must not be an error
    var accented = "é".repeat(72);
    var hash = passwords.hash(accented).await();
    assertTrue(passwords.verify(accented, hash).await());
    assertFalse(passwords.verify("e".repeat(72), hash).await());
  }
}
