package com.shopifygenie.gateway;

import com.shopifygenie.platform.OperationBus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * Sends an operation to the domain that serves it, and waits at most the dispatch timeout in all.
 * An instance that is stopping refuses what it has not begun ({@link OperationBus#STOPPING}): the
 * request goes again, a moment later, to another instance where the domain has one, so a rolling
 * restart is not seen by clients.
 */
final class DomainDispatch {

  private static final int ATTEMPTS = 5;
  private static final long PAUSE_MS = 50;

  private final Vertx vertx;
  private final long timeoutMs;

  DomainDispatch(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  Future<JsonObject> request(String address, JsonObject request) {
    return attempt(address, request, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs), 1);
  }

  private Future<JsonObject> attempt(String address, JsonObject request, long deadline, int attempt) {
    var left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    // how long this waits: slow work of a domain gives up rather than commit after it (the bus
    // sends a copy, so the next attempt may change it)
    request.put("wait_ms", left);
    return vertx.eventBus().<JsonObject>request(address, request, new DeliveryOptions().setSendTimeout(left))
      .map(Message::body)
      .recover(failure -> refusedUnbegun(failure) && attempt < ATTEMPTS && left > 2 * PAUSE_MS
        ? vertx.timer(PAUSE_MS * attempt, TimeUnit.MILLISECONDS)
          .compose(fired -> attempt(address, request, deadline, attempt + 1))
        : Future.failedFuture(failure));
  }

  /** True for a refusal of an instance that is stopping: nothing was done with the request. */
  static boolean refusedUnbegun(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
      && reply.failureCode() == OperationBus.STOPPING;
  }
}
