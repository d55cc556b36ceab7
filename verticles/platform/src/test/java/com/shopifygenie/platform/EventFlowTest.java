package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Outbox -> relay -> transport -> inbox, and what happens when parts of it fail; run once per
 * transport by the subclasses.
 */
@ExtendWith(VertxExtension.class)
abstract class EventFlowTest {

  static final String ORDER_EVENTS = "order-events";
  static final EventSource PRODUCER = new EventSource("producer", Map.of("order", ORDER_EVENTS));

  /** A transport of the kind under test, private to this test (its own topics on Kafka). */
  abstract EventTransport newTransport(Vertx vertx);

  Vertx vertx;
  Pool producer;
  Pool consumer;
  EventTransport transport;
  Relay relay;
  Inbox inbox;
  final AtomicBoolean broken = new AtomicBoolean();
  final List<EventTransport> transports = new ArrayList<>();

  final AtomicInteger runCalls = new AtomicInteger();
  final Inbox.BatchHandler runs = (tx, events) -> {
    var call = runCalls.incrementAndGet();
    Future<Void> chain = Future.succeededFuture();
    for (var e : events) {
      chain = chain.compose(v -> tx.preparedQuery("INSERT INTO applied (event_id, subject, n, call) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(e.id(), e.subject(), e.data().getInteger("n"), call)).mapEmpty());
    }
    return chain;
  };

  @BeforeEach
  void open(Vertx vertx) {
    this.vertx = vertx;
    var config = new JsonObject().put("db", new JsonObject().put("url", TestServer.url()).put("prefix", TestServer.freshPrefix()));
    var producerDb = new Database(vertx, config, "producer");
    producer = producerDb.open().await();
    consumer = new Database(vertx, config, "consumer").open().await();
    consumer.query("CREATE TABLE applied (seq bigint GENERATED ALWAYS AS IDENTITY, event_id uuid, subject text, n int, call int)")
      .execute().await();
    transport = newTransport(vertx);
    inbox = new Inbox(vertx, consumer, "consumer", transport, new JsonObject().put("max_attempts", 3).put("first_backoff_ms", 10)
      .put("consumer_lanes", 4).put("consumer_batch_size", 16))
      .on(ORDER_EVENTS, "shopifygenie.order.created", (tx, e) -> tx.preparedQuery("INSERT INTO applied (event_id, subject, n) VALUES ($1, $2, $3)")
        .execute(Tuple.of(e.id(), e.subject(), e.data().getInteger("n"))).mapEmpty())
      .on(ORDER_EVENTS, "shopifygenie.order.cancelled", (tx, e) -> broken.get() ? Future.failedFuture(new IllegalStateException("fault"))
        : tx.preparedQuery("INSERT INTO applied (event_id, subject, n) VALUES ($1, $2, -1)")
          .execute(Tuple.of(e.id(), e.subject())).mapEmpty())
      // one handler for runs of shipped and delivered events: it notes each call and what it got
      .onBatch(ORDER_EVENTS, "shopifygenie.order.shipped", runs)
      .onBatch(ORDER_EVENTS, "shopifygenie.order.delivered", runs)
      // the handlers share no rows between subjects, so a batch may hold several subjects' events
      .batchAcrossSubjects(Inbox.BatchLocks.NONE_SHARED);
    inbox.start().await();
    LocalEventTransport.open(vertx);
  }

  @AfterEach
  void close() {
    if (relay != null) {
      relay.stop().await();
    }
    transport.close().await();
    producer.close().await();
    consumer.close().await();
  }

  void startRelay(EventTransport through) {
    relay = new Relay(vertx, producer, producerDbOptions(), through, PRODUCER, 200, 10, 4, 0, 10_000);
    relay.start().await();
  }

  /** The transport under test, publishing through the given function. */
  EventTransport publishing(java.util.function.BiFunction<String, List<DomainEvent>, Future<Void>> publish) {
    return new EventTransport() {
      public Future<Void> publish(String topic, List<DomainEvent> events) {
        return publish.apply(topic, events);
      }
      public Future<Void> subscribe(String group, Set<String> topics, Function<DomainEvent, Future<Void>> handler) {
        return transport.subscribe(group, topics, handler);
      }
      public Future<Void> deadLetter(String topic, DomainEvent event, String error) {
        return transport.deadLetter(topic, event, error);
      }
      public Future<Void> close() {
        return Future.succeededFuture();
      }
    };
  }

  io.vertx.pgclient.PgConnectOptions producerDbOptions() {
    return io.vertx.pgclient.PgConnectOptions.fromUri(TestServer.url()).setDatabase(
      producer.query("SELECT current_database()").execute().await().iterator().next().getString(0));
  }

  void append(DomainEvent event) {
    producer.withTransaction(tx -> Outbox.append(tx, event)).await();
  }

  static DomainEvent created(String subject, int n) {
    return PRODUCER.event("order.created", subject, new JsonObject().put("n", n));
  }

  long count(String sql) {
    return consumer.query(sql).execute().await().iterator().next().getLong(0);
  }

  static void eventually(BooleanSupplier condition) throws InterruptedException {
    var deadline = System.nanoTime() + 20_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not met within 20 s");
      Thread.sleep(20);
    }
  }

  @Test
  void everyEventArrivesOnceAndInOrderPerAggregate() throws Exception {
    startRelay(transport);
    var subjects = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
    for (int n = 0; n < 25; n++) {
      append(created(subjects.get(n % 3), n));
    }
    eventually(() -> count("SELECT count(*) FROM applied") == 25);
    for (var subject : subjects) {
      var ns = consumer.preparedQuery("SELECT n FROM applied WHERE subject = $1 ORDER BY seq").execute(Tuple.of(subject)).await();
      var previous = -1;
      for (var row : ns) {
        assertTrue(row.getInteger("n") > previous, "in order for " + subject);
        previous = row.getInteger("n");
      }
    }
    eventually(() -> producer.query("SELECT count(*) FROM outbox WHERE published_at IS NULL").execute().await()
      .iterator().next().getLong(0) == 0);
  }

  @Test
  void aLeaderFrozenInPlaceHandsTheLeadOnAfterItsLease() throws Exception {
    // the leader runs on a Vert.x of its own with one event loop: blocking that loop freezes it
    // whole, its connection open (as a stopped process's socket stays open on a live host)
    var frozen = Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(1)
      .setMaxEventLoopExecuteTime(30).setMaxEventLoopExecuteTimeUnit(java.util.concurrent.TimeUnit.SECONDS));
    var leader = new Relay(frozen, producer, producerDbOptions(), publishing(transport::publish), PRODUCER, 200, 10, 4, 0, 1000);
    try {
      leader.start().await();
      append(created("order-before-freeze", 1));
      eventually(() -> count("SELECT count(*) FROM applied WHERE subject = 'order-before-freeze'") == 1);
      startRelay(transport);

      var thawed = new java.util.concurrent.CountDownLatch(1);
      frozen.runOnContext(v -> {
        try {
          thawed.await(8, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      var since = System.nanoTime();
      append(created("order-while-frozen", 2));
      eventually(() -> count("SELECT count(*) FROM applied WHERE subject = 'order-while-frozen'") == 1);
      assertTrue(System.nanoTime() - since < 7_000_000_000L, "the other relay published while the leader was frozen");
      thawed.countDown();
      // thawed, the old leader finds its lead gone: every event still applied once
      append(created("order-after-thaw", 3));
      eventually(() -> count("SELECT count(*) FROM applied WHERE subject = 'order-after-thaw'") == 1);
      assertEquals(3, count("SELECT count(DISTINCT event_id) FROM applied"));
      assertEquals(3, count("SELECT count(*) FROM applied"));
    } finally {
      leader.stop().await();
      frozen.close().await();
    }
  }

  /**
   * A transaction takes its outbox position, and commits only after rows behind it went out: the
   * relay reads past positions it has not seen yet, and takes them as they commit, in time to send
   * the event before its aggregate's next one, with no poll to sweep them up; a position whose
   * transaction rolled back holds nothing up.
   */
  @Test
  void aRowThatCommitsAfterLaterOnesWentOutGoesOutBeforeItsAggregatesNextEvent() throws Exception {
    relay = new Relay(vertx, producer, producerDbOptions(), transport, PRODUCER, 600_000, 10, 4, 0, 10_000);
    relay.start().await();
    var inserted = Promise.<Void>promise();
    var commit = Promise.<Void>promise();
    var late = producer.withTransaction(tx -> Outbox.append(tx, created("order-late", 0))
      .onSuccess(v -> inserted.complete()).compose(v -> commit.future()));
    inserted.future().await();
    producer.withTransaction(tx -> Outbox.append(tx, created("order-never", 0))
      .compose(v -> Future.failedFuture("rolled back"))).otherwiseEmpty().await();
    for (int i = 0; i < 25; i++) {
      append(created("order-early-" + i, 0));
    }
    eventually(() -> count("SELECT count(*) FROM applied WHERE subject LIKE 'order-early-%'") == 25);
    commit.complete();
    late.await();
    append(created("order-late", 1));
    eventually(() -> count("SELECT count(*) FROM applied WHERE subject = 'order-late'") == 2);
    var order = consumer.query("SELECT n FROM applied WHERE subject = 'order-late' ORDER BY seq").execute().await();
    assertEquals(List.of(0, 1), java.util.stream.StreamSupport.stream(order.spliterator(), false)
      .map(row -> row.getInteger("n")).toList());
    for (int n = 2; n < 5; n++) {
      append(created("order-late", n));
    }
    eventually(() -> count("SELECT count(*) FROM applied WHERE subject = 'order-late'") == 5);
    assertEquals(0, count("SELECT count(*) FROM applied WHERE subject = 'order-never'"));
  }

  @Test
  void aCommitWakesTheRelayWithoutWaitingForItsPoll() throws Exception {
    // a poll every ten minutes: only the wake-up sent once each transaction commits can carry these
    relay = new Relay(vertx, producer, producerDbOptions(), transport, PRODUCER, 600_000, 10, 4, 0, 10_000);
    relay.start().await();
    for (int n = 0; n < 3; n++) {
      append(created("order-woken", n));
      var applied = n + 1;
      eventually(() -> count("SELECT count(*) FROM applied") == applied);
    }
  }

  @Test
  void commitsWithinTheRelaysLingerGoOutInOneBatch() throws Exception {
    var batches = new java.util.concurrent.CopyOnWriteArrayList<Integer>();
    // a poll every ten minutes: the five commits' wake-ups alone start the read, a second after the first
    relay = new Relay(vertx, producer, producerDbOptions(), publishing((topic, events) -> {
      batches.add(events.size());
      return transport.publish(topic, events);
    }), PRODUCER, 600_000, 10, 4, 1000, 10_000);
    relay.start().await();
    for (int n = 0; n < 5; n++) {
      append(created("order-lingered-" + n, n));
    }
    eventually(() -> count("SELECT count(*) FROM applied WHERE subject LIKE 'order-lingered-%'") == 5);
    assertEquals(List.of(5), batches);
  }

  /** A change of the producer's own and its event, one statement, run on the pool (no transaction of its own). */
  static final String NOTE_AND_APPEND = "WITH noted AS (INSERT INTO notes (subject, n) VALUES ($1, $2)) " + Outbox.insert(3);
  static final String NOTE_AND_APPEND_ALL = "WITH noted AS (INSERT INTO notes (subject, n) VALUES ($1, $2)) "
    + Outbox.insertAll(3);

  <T> T onContext(java.util.function.Supplier<Future<T>> work) {
    var done = io.vertx.core.Promise.<T>promise();
    vertx.getOrCreateContext().runOnContext(v -> work.get().onComplete(done));
    return done.future().await();
  }

  @Test
  void aChangeAndItsEventsInOneStatementCommitTogetherAndWakeTheRelay() throws Exception {
    producer.query("CREATE TABLE notes (subject text, n int, PRIMARY KEY (subject, n))").execute().await();
    // a poll every ten minutes: only a wake-up sent as the statement commits can carry these
    relay = new Relay(vertx, producer, producerDbOptions(), transport, PRODUCER, 600_000, 10, 4, 0, 10_000);
    relay.start().await();
    for (int n = 0; n < 3; n++) {
      var event = created("order-noted", n);
      onContext(() -> Outbox.appendWith(producer, NOTE_AND_APPEND, Tuple.of("order-noted", event.data().getInteger("n")), event));
      var applied = n + 1;
      eventually(() -> count("SELECT count(*) FROM applied") == applied);
    }
    // two events with one change, in their order
    onContext(() -> Outbox.appendAllWith(producer, NOTE_AND_APPEND_ALL, Tuple.of("order-noted", 3),
      List.of(created("order-noted", 3), created("order-noted", 4))));
    eventually(() -> count("SELECT count(*) FROM applied") == 5);
    var ns = consumer.query("SELECT n FROM applied ORDER BY seq").execute().await();
    var order = new ArrayList<Integer>();
    ns.forEach(row -> order.add(row.getInteger("n")));
    assertEquals(List.of(0, 1, 2, 3, 4), order);
    // a change that fails writes no event: the same note again breaks its primary key
    var refused = onContext(() -> Outbox.appendWith(producer, NOTE_AND_APPEND, Tuple.of("order-noted", 0),
      created("order-noted", 99)).map(rows -> false).recover(e -> Future.succeededFuture(true)));
    assertTrue(refused, "the duplicate note is refused");
    assertEquals(5L, producer.query("SELECT count(*) FROM outbox").execute().await().iterator().next().getLong(0));
    Thread.sleep(300);
    assertEquals(5, count("SELECT count(*) FROM applied"));
  }

  @Test
  void aTransportThatRefusesIsAskedAgainAfterAPauseNotInALoop() throws Exception {
    var attempts = new AtomicInteger();
    var refusing = new java.util.concurrent.atomic.AtomicBoolean(true);
    // like the local transport while the node is still starting
    startRelay(publishing((topic, events) -> {
      attempts.incrementAndGet();
      return refusing.get() ? Future.failedFuture(new IllegalStateException("the node is still starting"))
        : transport.publish(topic, events);
    }));
    append(created("order-refused", 1));
    Thread.sleep(1500);
    // pauses of 50, 100, 200 ms and then the 200 ms poll: a handful of attempts, not thousands
    assertTrue(attempts.get() <= 12, "asked " + attempts.get() + " times in 1.5 s");
    refusing.set(false);
    eventually(() -> count("SELECT count(*) FROM applied WHERE subject = 'order-refused'") == 1);
  }

  /** Waits until a marker published after everything else on this subject was applied. */
  void settle(String subject) throws InterruptedException {
    var marker = created(subject, 1000);
    transport.publish(ORDER_EVENTS, List.of(marker)).await();
    eventually(() -> count("SELECT count(*) FROM inbox WHERE event_id = '" + marker.id() + "'") == 1);
  }

  @Test
  void aDuplicateDeliveryChangesStateOnce() throws Exception {
    var event = created("order-1", 7);
    transport.publish(ORDER_EVENTS, List.of(event, event)).await();
    transport.publish(ORDER_EVENTS, List.of(event)).await();
    settle("order-1");
    assertEquals(1, count("SELECT count(*) FROM applied WHERE n = 7"));
    assertEquals(2, count("SELECT count(*) FROM inbox"));
  }

  @Test
  void aRelayCrashBetweenPublishAndMarkRepublishesButAppliesOnce() throws Exception {
    var rounds = new AtomicInteger();
    // publishes for real, then dies before the rows are marked published
    startRelay(publishing((topic, events) -> transport.publish(topic, events).compose(v -> rounds.incrementAndGet() == 1
      ? Future.failedFuture(new IllegalStateException("crash after publish")) : Future.succeededFuture())));
    append(created("order-2", 1));
    eventually(() -> producer.query("SELECT count(*) FROM outbox WHERE published_at IS NOT NULL").execute().await()
      .iterator().next().getLong(0) == 1);
    assertTrue(rounds.get() >= 2, "published again after the crash");
    // delivered twice, applied once (on Kafka, delivery may trail the publisher's acknowledgement)
    settle("order-2");
    assertEquals(1, count("SELECT count(*) FROM applied WHERE subject = 'order-2' AND n = 1"));
  }

  @Test
  void aHandlerThatKeepsFailingIsParkedAndAReplayAppliesItOnce() throws Exception {
    startRelay(transport);
    broken.set(true);
    var cancelled = PRODUCER.event("order.cancelled", "order-3", new JsonObject());
    append(cancelled);
    append(created("order-4", 1));
    // the parked event does not hold up the ones behind it
    eventually(() -> count("SELECT count(*) FROM applied") == 1 && count("SELECT count(*) FROM dead_letters") == 1);
    var letter = consumer.query("SELECT id, attempts, error, event_id FROM dead_letters").execute().await().iterator().next();
    assertEquals(3, letter.getInteger("attempts"));
    assertEquals("fault", letter.getString("error"));
    assertEquals(cancelled.id(), letter.getUUID("event_id"));
    // delivered again while the fault remains (its acknowledgement was lost): still one letter
    transport.publish(ORDER_EVENTS, List.of(cancelled)).await();
    settle("order-3");
    assertEquals(1, count("SELECT count(*) FROM dead_letters"));

    var stillBroken = inbox.replay(letter.getUUID("id")).transform(Future::succeededFuture).await();
    assertTrue(stillBroken.failed(), "a replay while the fault remains fails");
    assertEquals(0, count("SELECT count(*) FROM applied WHERE n = -1"));

    broken.set(false);
    assertTrue(inbox.replay(letter.getUUID("id")).await());
    assertEquals(1, count("SELECT count(*) FROM applied WHERE n = -1"));
    var again = inbox.replay(letter.getUUID("id")).transform(Future::succeededFuture).await();
    assertInstanceOf(Problem.class, again.cause());
    assertEquals(404, ((Problem) again.cause()).status());
    // a late redelivery of the same event is a no-op too
    transport.publish(ORDER_EVENTS, List.of(cancelled)).await();
    settle("order-3");
    assertEquals(1, count("SELECT count(*) FROM applied WHERE n = -1"));
  }

  @Test
  void manyAggregatesWrittenConcurrentlyAreEachAppliedOnceAndInOrder() throws Exception {
    var seed = Long.getLong("seed", System.nanoTime());
    System.out.println("manyAggregatesWrittenConcurrentlyAreEachAppliedOnceAndInOrder seed " + seed + " (replay: -Dseed=" + seed + ")");
    startRelay(transport);
    writeConcurrentlyThenCheckEachAggregatesOrder(seed, false);
  }

  /**
   * As above, with a relay that never polls (only its reads of what it skipped can find a row that
   * commits late), transactions held open a few ms after their events took their positions, and a
   * quarter of them rolled back (their positions never fill) then written again.
   */
  @Test
  void lateCommitsAndRollbacksAmongManyWritersKeepEachAggregatesOrderWithoutAPoll() throws Exception {
    var seed = Long.getLong("seed", System.nanoTime());
    System.out.println("lateCommitsAndRollbacksAmongManyWritersKeepEachAggregatesOrderWithoutAPoll seed " + seed
      + " (replay: -Dseed=" + seed + ")");
    relay = new Relay(vertx, producer, producerDbOptions(), transport, PRODUCER, 600_000, 10, 4, 0, 10_000);
    relay.start().await();
    writeConcurrentlyThenCheckEachAggregatesOrder(seed, true);
  }

  private void writeConcurrentlyThenCheckEachAggregatesOrder(long seed, boolean lateAndRolledBack) throws Exception {
    var random = new Random(seed);
    var subjects = new ArrayList<String>();
    var expected = new java.util.HashMap<String, Integer>();
    for (int i = 0; i < 60; i++) {
      var subject = "order-" + UUID.randomUUID();
      subjects.add(subject);
      expected.put(subject, 1 + random.nextInt(20));
    }
    // six writers, each owning some subjects, append in random interleavings, one to three events per transaction
    var writers = new ArrayList<Future<Void>>();
    for (int w = 0; w < 6; w++) {
      var owned = new ArrayList<String>();
      for (int i = w; i < subjects.size(); i += 6) {
        owned.add(subjects.get(i));
      }
      var next = new java.util.HashMap<String, Integer>();
      Future<Void> chain = Future.succeededFuture();
      while (!owned.isEmpty()) {
        var subject = owned.get(random.nextInt(owned.size()));
        var batch = new ArrayList<DomainEvent>();
        for (int k = 1 + random.nextInt(3); k > 0 && next.getOrDefault(subject, 0) < expected.get(subject); k--) {
          var n = next.merge(subject, 1, Integer::sum) - 1;
          batch.add(created(subject, n));
        }
        if (next.get(subject).equals(expected.get(subject))) {
          owned.remove(subject);
        }
        var holdMillis = lateAndRolledBack ? random.nextInt(6) : 0;
        var rolledBack = lateAndRolledBack && random.nextInt(4) == 0;
        Function<Boolean, Future<Void>> write = doomed -> producer.withTransaction(tx -> {
          Future<Void> appends = Future.succeededFuture();
          for (var event : batch) {
            appends = appends.compose(x -> Outbox.append(tx, event));
          }
          if (holdMillis > 0) {
            appends = appends.compose(x -> vertx.timer(holdMillis).<Void>mapEmpty());
          }
          return doomed ? appends.compose(x -> Future.<Void>failedFuture("rolled back")) : appends;
        });
        chain = chain.compose(v -> rolledBack ? write.apply(true).otherwiseEmpty().compose(x -> write.apply(false))
          : write.apply(false));
      }
      writers.add(chain);
    }
    Future.all(writers).await();
    var total = expected.values().stream().mapToInt(Integer::intValue).sum();
    eventually(() -> count("SELECT count(*) FROM inbox") == total);
    assertEquals(total, count("SELECT count(*) FROM applied"), "each event applied once");
    var applied = new java.util.HashMap<String, List<Integer>>();
    for (var row : consumer.query("SELECT subject, n FROM applied ORDER BY seq").execute().await()) {
      applied.computeIfAbsent(row.getString("subject"), k -> new ArrayList<>()).add(row.getInteger("n"));
    }
    for (var subject : subjects) {
      var inOrder = java.util.stream.IntStream.range(0, expected.get(subject)).boxed().toList();
      assertEquals(inOrder, applied.get(subject), "each event of " + subject + " once, in order (seed " + seed + ")");
    }
  }

  /**
   * Consecutive events whose types share a batch handler reach it in one call, in their order; an
   * event of another handler between them ends the run.
   */
  @Test
  void aRunOfEventsSharingABatchHandlerReachesItInOneCall() throws Exception {
    var subject = "order-" + UUID.randomUUID();
    var events = List.of(
      PRODUCER.event("order.shipped", subject, new JsonObject().put("n", 1)),
      PRODUCER.event("order.delivered", subject, new JsonObject().put("n", 2)),
      created(subject, 3),
      PRODUCER.event("order.shipped", subject, new JsonObject().put("n", 4)),
      PRODUCER.event("order.shipped", subject, new JsonObject().put("n", 5)));
    transport.publish(ORDER_EVENTS, events).await();
    eventually(() -> count("SELECT count(*) FROM applied") == 5);
    var ns = new ArrayList<Integer>();
    var calls = new ArrayList<Integer>();
    for (var row : consumer.query("SELECT n, call FROM applied ORDER BY seq").execute().await()) {
      ns.add(row.getInteger("n"));
      calls.add(row.getInteger("call"));
    }
    assertEquals(List.of(1, 2, 3, 4, 5), ns, "in order");
    assertTrue(calls.get(1) == null || !calls.get(1).equals(calls.get(3)), "a run ends at an event of another handler");
    if (deliversAPublishAtOnce()) {
      assertEquals(calls.get(0), calls.get(1), "shipped and delivered in one call");
      assertEquals(calls.get(3), calls.get(4), "the second run in one call");
      assertEquals(2, runCalls.get());
    }
  }

  /** Whether a publish reaches the inbox as one delivery (the local bus), not split across polls. */
  boolean deliversAPublishAtOnce() {
    return false;
  }

  @Test
  void aFailingEventInABatchIsParkedAloneAndTheOthersApply() throws Exception {
    broken.set(true);
    var events = new ArrayList<DomainEvent>();
    for (int n = 0; n < 8; n++) {
      events.add(created("order-5", n));
      events.add(created("order-6", n));
    }
    var cancelled = PRODUCER.event("order.cancelled", "order-5", new JsonObject());
    events.add(7, cancelled);
    transport.publish(ORDER_EVENTS, events).await();
    eventually(() -> count("SELECT count(*) FROM applied") == 16 && count("SELECT count(*) FROM dead_letters") == 1);
    for (var subject : List.of("order-5", "order-6")) {
      var ns = new ArrayList<Integer>();
      for (var row : consumer.preparedQuery("SELECT n FROM applied WHERE subject = $1 ORDER BY seq").execute(Tuple.of(subject)).await()) {
        ns.add(row.getInteger("n"));
      }
      assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), ns, subject);
    }
    assertEquals(cancelled.id(), consumer.query("SELECT event_id FROM dead_letters").execute().await()
      .iterator().next().getUUID("event_id"));
    assertEquals(16, count("SELECT count(*) FROM inbox"), "the parked event is not recorded as applied");
  }
}
