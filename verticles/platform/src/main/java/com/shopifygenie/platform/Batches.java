package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Serves requests in batches without holding any back for a timer: a request that arrives while
 * fewer than {@code inFlight} batches are being served goes at once (alone, when the shop is
 * quiet); those that arrive while every batch is busy wait, and the next batch takes them all, up
 * to {@code largest}. Under load a batch pays one round trip and one commit for many requests, so
 * the busier the shop the less each request costs. Used on one context only (a verticle's).
 */
public final class Batches<T, R> {

  /** A request in a batch, and the answer its caller waits for. */
  public record Waiting<T, R>(T request, Promise<R> answer) {}

  private final ArrayDeque<Waiting<T, R>> queue = new ArrayDeque<>();
  private final int inFlight;
  private final int largest;
  private final Function<List<Waiting<T, R>>, Future<?>> serve;
  private int serving;

  /**
   * @param serve answers every request of a batch; a request it leaves unanswered gets the batch's
   *              failure, or an error when the batch succeeded
   */
  public Batches(int inFlight, int largest, Function<List<Waiting<T, R>>, Future<?>> serve) {
    if (inFlight < 1 || largest < 1) {
      throw new IllegalArgumentException("a batch in flight and a request per batch at least");
    }
    this.inFlight = inFlight;
    this.largest = largest;
    this.serve = serve;
  }

  public Future<R> submit(T request) {
    var waiting = new Waiting<T, R>(request, Promise.promise());
    queue.add(waiting);
    sendWhatWaits();
    return waiting.answer().future();
  }

  private void sendWhatWaits() {
    while (serving < inFlight && !queue.isEmpty()) {
      var batch = new ArrayList<Waiting<T, R>>(Math.min(queue.size(), largest));
      while (batch.size() < largest && !queue.isEmpty()) {
        batch.add(queue.poll());
      }
      serving++;
      served(batch).onComplete(done -> {
        serving--;
        var unanswered = done.failed() ? done.cause() : new IllegalStateException("a batch left a request unanswered");
        batch.forEach(waiting -> waiting.answer().tryFail(unanswered));
        sendWhatWaits();
      });
    }
  }

  private Future<?> served(List<Waiting<T, R>> batch) {
    try {
      return serve.apply(batch);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
