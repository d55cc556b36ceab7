package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The platform parts a domain verticle runs on, opened and closed in the right order: its
 * database (created, migrated, pooled), the event transport, the outbox relay, the inbox, the
 * retention of their rows, its operations on the event bus (plus the dead-letter operations when
 * it consumes events), and its backlog as gauges when the node has metrics ({@link DomainMetrics}).
 */
public final class DomainRuntime {

  private final String domain;
  private final Database database;
  private final Pool pool;
  private final EventTransport transport;
  private final Relay relay;
  private final Inbox inbox;
  private final Pool eventPool;
  private final Retention retention;
  private final OperationBus bus;
  private final DomainMetrics metrics;
  private final long stalledAfterMs;

  private static final String HEALTH =
    "SELECT extract(epoch FROM now() - min(time)) AS oldest_unpublished FROM outbox WHERE published_at IS NULL";

  private DomainRuntime(Vertx vertx, JsonObject settings, EventSource source, Database database, Pool pool) {
    // a domain's own section under events (events.catalog.consumer_lanes) overrides the common settings
    var common = Settings.section(settings, "events");
    var events = common.copy().mergeIn(common.getJsonObject(source.domain(), new JsonObject()));
    this.domain = source.domain();
    this.database = database;
    this.pool = pool;
    this.transport = EventTransports.create(vertx, settings);
    // the event path has connections of its own: a burst of requests never queues it behind them
    this.eventPool = database.pool(domain + "-events",
      Settings.section(settings, "db").getInteger("event_pool_size", 4));
    this.relay = new Relay(vertx, eventPool, database.connectOptions(), transport, source,
      events.getLong("poll_interval_ms", 1000L), events.getInteger("relay_batch_size", 100),
      events.getInteger("relay_window", 8), events.getLong("relay_linger_ms", 0L),
      events.getLong("relay_lease_ms", 10_000L));
    this.inbox = new Inbox(vertx, eventPool, domain, transport, events);
    this.retention = new Retention(vertx, pool, domain, settings);
    this.bus = new OperationBus(vertx, domain);
    this.metrics = DomainMetrics.of(vertx, settings, domain, pool, retention);
    this.stalledAfterMs = events.getLong("stalled_after_ms", 30_000L);
  }

  /** Creates and migrates the database of the domain the source names, and opens its pool. */
  public static Future<DomainRuntime> open(Vertx vertx, JsonObject settings, EventSource source) {
    var database = new Database(vertx, settings, source.domain());
    return database.open().map(pool -> new DomainRuntime(vertx, settings, source, database, pool));
  }

  public Pool pool() {
    return pool;
  }

  /** Where the domain registers the events it consumes (its &lt;Domain&gt;EventHandlers), before {@link #serve}. */
  public Inbox inbox() {
    return inbox;
  }

  /**
   * Starts taking requests and events: the operations (a domain that consumes events also
   * answers listDeadLetters and replayDeadLetter), the inbox's subscriptions and the outbox relay.
   */
  public Future<Void> serve(Map<String, Function<OperationRequest, Future<OperationResponse>>> operations) {
    var all = new HashMap<>(operations);
    var consumesEvents = inbox.consumesEvents();
    if (consumesEvents) {
      all.putAll(new DeadLetterOperations(domain, pool, inbox).handlers());
    }
    return bus.serve(all, this::health)
      .compose(v -> consumesEvents ? inbox.start() : Future.succeededFuture())
      .compose(v -> relay.start())
      .compose(v -> metrics.start(consumesEvents))
      .onSuccess(v -> retention.start());
  }

  /**
   * The node answers and reaches its database; its events leave, or have waited no longer than
   * {@code events.stalled_after_ms} (a broker down shows here). Events that do not leave do not
   * make the domain DOWN: it still answers reads, and admission control refuses what it must.
   */
  private Future<JsonObject> health() {
    return pool.query(HEALTH).execute().map(rows -> {
      var oldest = rows.iterator().next().getValue("oldest_unpublished");
      var waited = oldest == null ? 0 : ((Number) oldest).doubleValue();
      var events = new JsonObject().put("status", waited * 1000 <= stalledAfterMs ? "UP" : "DOWN")
        .put("oldest_unpublished_seconds", Math.round(waited * 10) / 10.0);
      return new JsonObject().put("status", "UP")
        .put("database", new JsonObject().put("status", "UP").put("name", database.name()))
        .put("events", events);
    });
  }

  /** Stops taking requests, then events, then closes the pool. */
  public Future<Void> close() {
    return metrics.stop()
      .compose(v -> bus.close())
      .compose(v -> retention.stop())
      .compose(v -> {
        inbox.stop();
        return relay.stop();
      })
      .compose(v -> transport.close())
      .eventually(eventPool::close)
      .eventually(pool::close);
  }

  /** Deletes the outbox, inbox and idempotency rows past their retention; counts what it deleted. */
  public Retention retention() {
    return retention;
  }

  public String domain() {
    return domain;
  }
}
