package com.shopifygenie.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * bcrypt hashing on worker threads: at cost 12 a hash takes a large fraction of a second, which
 * an event loop must never spend. As many at once as the node has cores, the others queue: a burst
 * of logins then answers the first ones in time instead of all of them late, and a hash whose
 * caller stopped waiting while it queued is not started. Also the one place that knows how long a
 * password may be.
 */
final class Passwords {

  /** OWASP's floor; configuration may raise it, never lower it. */
  static final int MINIMUM_COST = 10;

  /**
   * bcrypt reads 72 bytes and ignores the rest, so a longer password would also match with any
   * other tail. The contract's maxLength counts characters, which can be up to 4 bytes each in
   * UTF-8: the byte limit is checked here.
   */
  static final int MAX_BYTES = 72;

  private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2B;
  // strict: a password that slipped past the limit is an error, never silently truncated
  private static final BCrypt.Hasher HASHER = BCrypt.with(VERSION, LongPasswordStrategies.strict(VERSION));
  private static final BCrypt.Verifyer VERIFYER = BCrypt.verifyer(VERSION, LongPasswordStrategies.strict(VERSION));

  private final WorkerExecutor workers;
  private final int cost;
  private final String decoy;

  private Passwords(WorkerExecutor workers, int cost, String decoy) {
    this.workers = workers;
    this.cost = cost;
    this.decoy = decoy;
  }

  static Future<Passwords> create(Vertx vertx, int configuredCost) {
    var cost = Math.max(MINIMUM_COST, configuredCost);
    var workers = vertx.createSharedWorkerExecutor("auth-bcrypt", Runtime.getRuntime().availableProcessors());
    return workers.executeBlocking(() -> HASHER.hashToString(cost, "decoy-password".toCharArray()), false)
      .map(decoy -> new Passwords(workers, cost, decoy));
  }

  /** Whether bcrypt reads all of the password. */
  static boolean fits(String password) {
    return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
  }

  /**
   * Hashes a new password, if {@code awaited} still holds when a worker takes it; one longer than
   * {@link #MAX_BYTES} is a 400 naming {@code field}, rule maxBytes.
   */
  Future<String> hash(String field, String password, BooleanSupplier awaited) {
    if (!fits(password)) {
      return Future.failedFuture(Problem.validation(field, "maxBytes", "A password is at most " + MAX_BYTES
        + " bytes of UTF-8 (bcrypt reads no further); this one has " + password.getBytes(StandardCharsets.UTF_8).length));
    }
    return workers.executeBlocking(() -> {
      if (!awaited.getAsBoolean()) {
        throw OperationRequest.tooLate();
      }
      return HASHER.hashToString(cost, password.toCharArray());
    }, false);
  }

  /**
   * Checks a password against a hash, or against a decoy hash when there is no account, so an
   * unknown email costs the same time as a wrong password.
   */
  Future<Boolean> verify(String password, String hashOrNull, BooleanSupplier awaited) {
    if (!fits(password)) {
      // no hash is of a password this long, and its length tells the caller nothing it did not know
      return Future.succeededFuture(false);
    }
    var hash = hashOrNull == null ? decoy : hashOrNull;
    return workers.executeBlocking(() -> {
      if (!awaited.getAsBoolean()) {
        throw OperationRequest.tooLate();
      }
      return VERIFYER.verify(password.toCharArray(), hash).verified && hashOrNull != null;
    }, false);
  }
}
