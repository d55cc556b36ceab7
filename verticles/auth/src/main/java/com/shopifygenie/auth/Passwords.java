package com.shopifygenie.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * bcrypt hashing on worker threads: at cost 12 a hash takes a large fraction of a second, which
 * an event loop must never spend.
 */
final class Passwords {

  /** OWASP's floor; configuration may raise it, never lower it. */
  static final int MINIMUM_COST = 10;

  private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2B;
  // the contract caps passwords at 72 characters, but multi-byte characters can pass 72 bytes
  private static final BCrypt.Hasher HASHER = BCrypt.with(VERSION, LongPasswordStrategies.truncate(VERSION));
  private static final BCrypt.Verifyer VERIFYER = BCrypt.verifyer(VERSION, LongPasswordStrategies.truncate(VERSION));

  private final Vertx vertx;
  private final int cost;
  private final String decoy;

  private Passwords(Vertx vertx, int cost, String decoy) {
    this.vertx = vertx;
    this.cost = cost;
    this.decoy = decoy;
  }

  static Future<Passwords> create(Vertx vertx, int configuredCost) {
    var cost = Math.max(MINIMUM_COST, configuredCost);
    return vertx.executeBlocking(() -> HASHER.hashToString(cost, "decoy-password".toCharArray()), false)
      .map(decoy -> new Passwords(vertx, cost, decoy));
  }

  Future<String> hash(String password) {
    return vertx.executeBlocking(() -> HASHER.hashToString(cost, password.toCharArray()), false);
  }

  /**
   * Checks a password against a hash, or against a decoy hash when there is no account, so an
   * unknown email costs the same time as a wrong password.
   */
  Future<Boolean> verify(String password, String hashOrNull) {
    var hash = hashOrNull == null ? decoy : hashOrNull;
    return vertx.executeBlocking(() -> VERIFYER.verify(password.toCharArray(), hash).verified && hashOrNull != null,
      false);
  }
}
