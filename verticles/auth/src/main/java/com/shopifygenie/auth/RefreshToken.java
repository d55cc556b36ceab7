package com.shopifygenie.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** An opaque refresh token: 256 random bits for the client, their SHA-256 digest for the database. */
record RefreshToken(String value, byte[] digest) {

  private static final SecureRandom RANDOM = new SecureRandom();

  static RefreshToken generate() {
    var bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  static RefreshToken of(String value) {
    try {
      return new RefreshToken(value,
        MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
