package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Carries a domain's outbox to the transport: woken by LISTEN/NOTIFY when a transaction with
 * events commits, polling as a fallback. Rows go out in outbox order, in batches, and are
 * marked published only after the transport acknowledged them; a crash in between publishes
 * them again (consumers dedupe). An advisory lock keeps a single relay per database active, so
 * several instances of a domain never reorder its events.
 */
public final class Relay {

  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
  private static final long LOCK_KEY = 0x5348_4f50_4f55_5442L; // arbitrary, constant per database
  private static final String BATCH = "SELECT position, id, source, type, subject, time, data FROM outbox "
    + "WHERE published_at IS NULL ORDER BY position LIMIT $1";

  private final Vertx vertx;
  private final Pool pool;
  private final PgConnectOptions listenOn;
  private final EventTransport transport;
  private final EventSource source;
  private final long pollMillis;
  private final int batchSize;

  private PgConnection listener;
  private Future<Void> listening = Future.succeededFuture();
  private long timer = -1;
  private boolean draining;
  private boolean again;
  private boolean stopped;
  private Future<Void> current = Future.succeededFuture();

  /** @param source the domain whose outbox this is: it says which topic carries each of its events */
  public Relay(Vertx vertx, Pool pool, PgConnectOptions listenOn, EventTransport transport, EventSource source,
               long pollMillis, int batchSize) {
    this.vertx = vertx;
    this.pool = pool;
    this.listenOn = listenOn;
    this.transport = transport;
    this.source = source;
    this.pollMillis = pollMillis;
    this.batchSize = batchSize;
  }

  public Future<Void> start() {
    timer = vertx.setPeriodic(pollMillis, id -> {
      if (listener == null && listening.isComplete()) {
        listen();
      }
      drain();
    });
    transport.ready().onSuccess(v -> drain());
    return listen().recover(e -> Future.succeededFuture());
  }

  private Future<Void> listen() {
    listening = PgConnection.connect(vertx, listenOn).compose(conn -> {
      if (stopped) {
        // connected while stopping: the database may be shut down next, so nothing stays open
        return conn.close();
      }
      conn.notificationHandler(notification -> drain());
      conn.closeHandler(v -> listener = null);
      listener = conn;
      return conn.query("LISTEN outbox").execute().<Void>mapEmpty();
    }).onFailure(e -> LOG.debug("outbox LISTEN failed, polling instead: {}", e.getMessage()));
    return listening;
  }

  /** Publishes until the outbox is empty; a wake-up during a drain runs another round. */
  public void drain() {
    if (stopped) {
      return;
    }
    if (draining) {
      again = true;
      return;
    }
    draining = true;
    again = false;
    current = publishBatch().onComplete(result -> {
      draining = false;
      if (result.failed()) {
        LOG.debug("relay round failed, the next poll retries: {}", result.cause().getMessage());
      } else if (result.result() == batchSize || again) {
        drain();
      }
    }).mapEmpty();
  }

  private Future<Integer> publishBatch() {
    return pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked")
      .execute(Tuple.of(LOCK_KEY))
      .compose(lock -> !lock.iterator().next().getBoolean("locked") ? Future.succeededFuture(0)
        : tx.preparedQuery(BATCH).execute(Tuple.of(batchSize)).compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(0);
          }
          var byTopic = new LinkedHashMap<String, List<DomainEvent>>();
          var positions = new ArrayList<Long>(rows.size());
          for (Row row : rows) {
            positions.add(row.getLong("position"));
            var event = new DomainEvent(row.getUUID("id"), row.getString("source"), row.getString("type"),
              row.getString("subject"), row.getOffsetDateTime("time"), row.getJsonObject("data"));
            byTopic.computeIfAbsent(source.topicOf(event.type()), topic -> new ArrayList<>()).add(event);
          }
          // an aggregate's events share a topic, so each topic's list keeps their order
          return Future.all(byTopic.entrySet().stream().map(e -> transport.publish(e.getKey(), e.getValue())).toList())
            .compose(v -> tx.preparedQuery("UPDATE outbox SET published_at = now() WHERE position = ANY($1)")
              .execute(Tuple.of(positions.toArray(new Long[0]))))
            .map(v -> rows.size());
        })));
  }

  /** Stops polling and closes the LISTEN connection, once a connect in progress and the current round are done. */
  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return Future.all(listening.recover(e -> Future.succeededFuture()), current.recover(e -> Future.succeededFuture()))
      .compose(v -> listener == null ? Future.<Void>succeededFuture() : listener.close());
  }
}
