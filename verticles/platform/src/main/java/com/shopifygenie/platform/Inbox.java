package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A domain's consuming side: each event's handler runs in one transaction with the insert of
 * the event's id into the inbox, so the effect is applied exactly once however often the
 * transport delivers it. A handler that keeps failing is retried with exponential backoff, then
 * parked as a dead letter (and acknowledged, so the events behind it flow again).
 */
public final class Inbox {

  /** Applies one event inside the inbox transaction. */
  @FunctionalInterface
  public interface Handler {
    Future<Void> apply(SqlConnection tx, DomainEvent event);
  }

  private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

  private final Vertx vertx;
  private final Pool pool;
  private final String domain;
  private final EventTransport transport;
  private final int maxAttempts;
  private final long firstBackoffMillis;
  /** What the domain consumes: by event type, the topic it comes on and its handler. */
  private final Map<String, Subscription> handlers = new HashMap<>();

  private record Subscription(String topic, Handler handler) {}

  public Inbox(Vertx vertx, Pool pool, String domain, EventTransport transport, JsonObject events) {
    this.vertx = vertx;
    this.pool = pool;
    this.domain = domain;
    this.transport = transport;
    this.maxAttempts = events.getInteger("max_attempts", 5);
    this.firstBackoffMillis = events.getLong("first_backoff_ms", 100L);
  }

  /**
   * Handles events of a type, e.g. "shopifygenie.order.created", that come on a topic (the one the
   * producing domain declares for the type's aggregate, e.g. "order-events").
   */
  public Inbox on(String topic, String type, Handler handler) {
    handlers.put(type, new Subscription(topic, handler));
    return this;
  }

  /** Whether any handler is registered. */
  public boolean consumesEvents() {
    return !handlers.isEmpty();
  }

  public Future<Void> start() {
    var topics = handlers.values().stream().map(Subscription::topic).collect(Collectors.toSet());
    return transport.subscribe(domain, topics, this::deliver);
  }

  private Future<Void> deliver(DomainEvent event) {
    return handlers.containsKey(event.type()) ? attempt(event, 1) : Future.succeededFuture();
  }

  private Future<Void> attempt(DomainEvent event, int attempt) {
    return pool.withTransaction(tx -> apply(tx, event)).<Void>mapEmpty().recover(error -> {
      if (attempt < maxAttempts) {
        return delay(firstBackoffMillis << (attempt - 1)).compose(v -> attempt(event, attempt + 1));
      }
      LOG.warn("{} parks {} {} after {} attempts: {}", domain, event.type(), event.id(), attempt, error.toString());
      return park(event, error, attempt);
    });
  }

  /** Applies the event unless the inbox has it already; true when it was applied now. */
  private Future<Boolean> apply(SqlConnection tx, DomainEvent event) {
    return tx.preparedQuery("INSERT INTO inbox (event_id, type) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING")
      .execute(Tuple.of(event.id(), event.type()))
      .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
        : handlers.get(event.type()).handler().apply(tx, event).map(true));
  }

  private Future<Void> park(DomainEvent event, Throwable error, int attempts) {
    var message = String.valueOf(error.getMessage() == null ? error.toString() : error.getMessage());
    var topic = handlers.get(event.type()).topic();
    return pool.preparedQuery("INSERT INTO dead_letters (id, event_id, type, topic, event, error, attempts) "
        + "VALUES ($1, $2, $3, $4, $5, $6, $7)")
      .execute(Tuple.of(Ids.next(), event.id(), event.type(), topic, event.toCloudEvent(), message, attempts))
      .compose(v -> transport.deadLetter(topic, event, message));
  }

  /**
   * Applies a dead letter again, once the fault is fixed. Applying and marking it replayed
   * commit together; if the handler still fails the letter stays parked and the caller learns why.
   */
  public Future<Boolean> replay(UUID deadLetterId) {
    return pool.withTransaction(tx -> tx.preparedQuery(
        "SELECT event FROM dead_letters WHERE id = $1 AND replayed_at IS NULL FOR UPDATE")
      .execute(Tuple.of(deadLetterId))
      .compose(rows -> {
        if (rows.size() == 0) {
          return Future.failedFuture(Problem.notFound("waiting dead letter", deadLetterId));
        }
        var event = DomainEvent.fromCloudEvent(rows.iterator().next().getJsonObject("event"));
        if (!handlers.containsKey(event.type())) {
          return Future.failedFuture(Problem.conflict("This domain no longer handles " + event.type()));
        }
        return apply(tx, event)
          .recover(e -> Future.failedFuture(e instanceof Problem ? e
            : Problem.conflict("The handler still fails: " + e.getMessage())))
          .compose(applied -> tx.preparedQuery("UPDATE dead_letters SET replayed_at = now() WHERE id = $1")
            .execute(Tuple.of(deadLetterId)).map(applied));
      }));
  }

  private Future<Void> delay(long millis) {
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(millis, id -> promise.complete());
    return promise.future();
  }
}
