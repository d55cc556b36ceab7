package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A domain's consuming side: each event's handler runs in one transaction with the insert of
 * the event's id into the inbox, so the effect is applied exactly once however often the
 * transport delivers it. Events go to a lane by their subject, so one aggregate's events are
 * applied in the order delivered while other lanes apply in parallel; a lane applies the events
 * waiting in it as one batch, one transaction. A batch that fails is applied again event by event,
 * so only the faulty event is retried with exponential backoff, then parked as a dead letter (and
 * acknowledged, so the events behind it flow again).
 */
public final class Inbox {

  /** Applies one event inside the inbox transaction. */
  @FunctionalInterface
  public interface Handler {
    Future<Void> apply(SqlConnection tx, DomainEvent event);
  }

  /**
   * Applies, inside the inbox transaction, consecutive events of a batch that share this handler,
   * in their order, with the result of applying them one after the other: set-based SQL, one
   * statement for many events, is what keeps a consumer ahead of a busy shop.
   */
  @FunctionalInterface
  public interface BatchHandler {
    Future<Void> apply(SqlConnection tx, List<DomainEvent> events);
  }

  /**
   * Takes, before a batch's handlers run, every row lock they will need, in one order that is the
   * same for every batch (e.g. by primary key), so two lanes' batches never wait for each other
   * in a cycle.
   */
  @FunctionalInterface
  public interface BatchLocks {
    /** For handlers that only touch rows of their own event's subject: lanes never share a row. */
    BatchLocks NONE_SHARED = (tx, events) -> Future.succeededFuture();

    /**
     * For handlers whose rows lanes share without one order to lock them in: batches of several
     * subjects take turns (a transaction-scoped advisory lock of the database), each still applying
     * many events in one transaction, while single events go on in parallel.
     */
    BatchLocks TAKE_TURNS = (tx, events) -> tx.preparedQuery("SELECT pg_advisory_xact_lock($1)")
      .execute(Tuple.of(0x5348_4f50_4241_5443L)).mapEmpty();

    Future<Void> take(SqlConnection tx, List<DomainEvent> events);
  }

  private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);
  /**
   * Records the batch's ids (distinct) in one statement and names the ones not seen before. Not an
   * ON CONFLICT: its speculative insert writes a second WAL record per row, a tenth of the shop's
   * WAL. Should another transaction record one of these ids at the same moment (a redelivery
   * racing the delivery), the unique key fails this batch, which is then applied event by event
   * and finds the id recorded.
   */
  private static final String RECORD_BATCH = "INSERT INTO inbox (event_id, type) SELECT e.event_id, e.type "
    + "FROM unnest($1::uuid[], $2::text[]) AS e(event_id, type) "
    + "WHERE NOT EXISTS (SELECT 1 FROM inbox i WHERE i.event_id = e.event_id) RETURNING event_id";

  private final Vertx vertx;
  private final Pool pool;
  private final String domain;
  private final EventTransport transport;
  private final int maxAttempts;
  private final long firstBackoffMillis;
  private final int batchSize;
  private final long lingerMillis;
  private final List<Lane> lanes = new ArrayList<>();
  /** What the domain consumes: by event type, the topic it comes on and its handler. */
  private final Map<String, Subscription> handlers = new HashMap<>();
  /** Null until the domain says how batches of several subjects avoid deadlocks. */
  private BatchLocks batchLocks;
  private boolean stopped;

  /** A type's handler; batch is non-null when consecutive events of it may be applied together. */
  private record Subscription(String topic, Handler handler, BatchHandler batch) {}

  /** An event waiting in a lane, and who waits for it to be applied or parked. */
  private record Waiting(DomainEvent event, Promise<Void> done) {}

  public Inbox(Vertx vertx, Pool pool, String domain, EventTransport transport, JsonObject events) {
    this.vertx = vertx;
    this.pool = pool;
    this.domain = domain;
    this.transport = transport;
    this.maxAttempts = events.getInteger("max_attempts", 5);
    this.firstBackoffMillis = events.getLong("first_backoff_ms", 100L);
    this.batchSize = Math.max(1, events.getInteger("consumer_batch_size", 1));
    this.lingerMillis = Math.max(0, events.getLong("consumer_linger_ms", 0L));
    // more lanes than cores apply nothing more at once: they only cut the batches smaller
    var configured = events.getInteger("consumer_lanes", 0);
    var laneCount = configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < laneCount; i++) {
      lanes.add(new Lane());
    }
  }

  /**
   * Handles events of a type, e.g. "shopifygenie.order.created", that come on a topic (the one the
   * producing domain declares for the type's aggregate, e.g. "order-events").
   */
  public Inbox on(String topic, String type, Handler handler) {
    handlers.put(type, new Subscription(topic, handler, null));
    return this;
  }

  /**
   * Like {@link #on}, for a handler that applies many events at once: a batch's consecutive events
   * whose types share this handler go to it in one call (a single event as a list of one).
   */
  public Inbox onBatch(String topic, String type, BatchHandler handler) {
    handlers.put(type, new Subscription(topic, (tx, event) -> handler.apply(tx, List.of(event)), handler));
    return this;
  }

  /**
   * Lets a lane apply events of different subjects in one transaction, taking their locks first.
   * Without it a batch holds only consecutive events of one subject: handlers of two subjects may
   * lock shared rows (a product's stock) in orders that conflict between lanes.
   */
  public Inbox batchAcrossSubjects(BatchLocks locks) {
    this.batchLocks = locks;
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

  /** Stops retrying: events still waiting fail, so the transport delivers them again later. */
  public void stop() {
    stopped = true;
  }

  /** Completes once the event was applied (or found applied before) or parked. */
  private Future<Void> deliver(DomainEvent event) {
    if (!handlers.containsKey(event.type())) {
      return Future.succeededFuture();
    }
    var lane = lanes.get(Math.floorMod(String.valueOf(event.subject()).hashCode(), lanes.size()));
    return lane.add(event);
  }

  /** Applies its events in arrival order, a batch at a time. */
  private final class Lane {
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private boolean busy;
    private boolean starting;

    Future<Void> add(DomainEvent event) {
      var done = Promise.<Void>promise();
      waiting.add(new Waiting(event, done));
      var context = Vertx.currentContext();
      if (context == null) {
        next();
      } else if (!busy && !starting) {
        // after the rest of this delivery is queued too: a transport hands a batch's events over one
        // by one, and an idle lane that started at the first would apply it alone; lingering a few
        // milliseconds more lets the next deliveries join the transaction as well
        starting = true;
        Runnable start = () -> {
          starting = false;
          next();
        };
        if (lingerMillis > 0) {
          vertx.setTimer(lingerMillis, id -> start.run());
        } else {
          context.runOnContext(v -> start.run());
        }
      }
      return done.future();
    }

    private void next() {
      if (busy || waiting.isEmpty()) {
        return;
      }
      busy = true;
      var batch = new ArrayList<Waiting>(Math.min(batchSize, waiting.size()));
      var subject = String.valueOf(waiting.peek().event().subject());
      while (!waiting.isEmpty() && batch.size() < batchSize
        && (batchLocks != null || subject.equals(String.valueOf(waiting.peek().event().subject())))) {
        batch.add(waiting.poll());
      }
      applyBatch(batch).onComplete(result -> {
        busy = false;
        next();
      });
    }
  }

  private Future<Void> applyBatch(List<Waiting> batch) {
    var events = batch.stream().map(Waiting::event).toList();
    return pool.withTransaction(tx -> applyAll(tx, events))
      .onSuccess(v -> batch.forEach(w -> w.done().complete()))
      .recover(error -> {
        if (batch.size() > 1) {
          LOG.debug("{} applies a failed batch of {} one by one: {}", domain, batch.size(), error.toString());
        }
        return oneByOne(batch, 0, error);
      });
  }

  /** After a batch failed: each event in order, so that only a faulty one is retried and parked. */
  private Future<Void> oneByOne(List<Waiting> batch, int index, Throwable batchError) {
    if (index == batch.size()) {
      return Future.succeededFuture();
    }
    var waiting = batch.get(index);
    // a single event's batch already was its first attempt
    var first = batch.size() == 1 ? retryLater(waiting.event(), 1, batchError) : attempt(waiting.event(), 1);
    return first
      .onComplete(waiting.done())
      .transform(v -> oneByOne(batch, index + 1, batchError));
  }

  /** Records the events in the inbox in one statement, then applies the new ones in order. */
  private Future<Void> applyAll(SqlConnection tx, List<DomainEvent> events) {
    var distinct = new LinkedHashMap<UUID, String>();
    events.forEach(event -> distinct.putIfAbsent(event.id(), event.type()));
    var ids = distinct.keySet().toArray(UUID[]::new);
    var types = distinct.values().toArray(String[]::new);
    return tx.preparedQuery(RECORD_BATCH).execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfString(types)).compose(rows -> {
      var fresh = new HashSet<UUID>();
      for (Row row : rows) {
        fresh.add(row.getUUID("event_id"));
      }
      var toApply = new ArrayList<DomainEvent>(fresh.size());
      for (var event : events) {
        // remove: an event twice in one batch is applied once
        if (fresh.remove(event.id())) {
          toApply.add(event);
        }
      }
      Future<Void> chain = batchLocks == null || toApply.size() < 2 ? Future.succeededFuture()
        : batchLocks.take(tx, toApply);
      for (int i = 0; i < toApply.size(); ) {
        var subscription = handlers.get(toApply.get(i).type());
        if (subscription.batch() == null) {
          var event = toApply.get(i++);
          chain = chain.compose(v -> subscription.handler().apply(tx, event));
          continue;
        }
        int end = i + 1;
        while (end < toApply.size() && handlers.get(toApply.get(end).type()).batch() == subscription.batch()) {
          end++;
        }
        var run = toApply.subList(i, end);
        chain = chain.compose(v -> subscription.batch().apply(tx, run));
        i = end;
      }
      return chain;
    });
  }

  private Future<Void> attempt(DomainEvent event, int attempt) {
    return pool.withTransaction(tx -> apply(tx, event)).<Void>mapEmpty()
      .recover(error -> retryLater(event, attempt, error));
  }

  /** After a failed attempt: waits and tries again, or parks the event once its attempts are used up. */
  private Future<Void> retryLater(DomainEvent event, int attempt, Throwable error) {
    if (stopped) {
      return Future.failedFuture(error);
    }
    if (attempt < maxAttempts) {
      return delay(firstBackoffMillis << (attempt - 1)).compose(v -> attempt(event, attempt + 1));
    }
    LOG.warn("{} parks {} {} after {} attempts: {}", domain, event.type(), event.id(), attempt, error.toString());
    // the lane holds the events behind this one until it is parked: a park that fails starts over
    return park(event, error, attempt)
      .recover(parkError -> stopped ? Future.failedFuture(parkError)
        : delay(firstBackoffMillis << (maxAttempts - 1)).compose(v -> attempt(event, maxAttempts)));
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
    // an event delivered again after it was parked (its acknowledgement was lost) is parked once
    return pool.preparedQuery("INSERT INTO dead_letters (id, event_id, type, topic, event, error, attempts) "
        + "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) WHERE replayed_at IS NULL DO NOTHING")
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
