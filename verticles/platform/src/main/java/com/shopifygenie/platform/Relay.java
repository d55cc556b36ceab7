package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Carries a domain's outbox to the transport: woken when a transaction with events commits (by a
 * message {@link Outbox#append} sends on the event bus, which reaches the relay on whichever node
 * leads; the read waits a linger, so the commits of that while share it), polling as a fallback.
 * Rows go out in outbox order, in batches, with up to {@code window} batches on their way at once
 * (the transports keep the order in which batches are handed to them, per subject); each batch is
 * marked published once the transport acknowledged it, by the statement that reads the next rows
 * (one statement, not two, per batch). A crash in between publishes it again (consumers dedupe).
 * A read takes the rows past the highest position read so far, and the positions it skipped on the
 * way that have committed since (a transaction had taken the position and not committed yet), so
 * its cost does not grow with the rows on their way. A skipped position is forgotten only once
 * every transaction that could hold it has ended (the snapshot's xmin passed the xmax of a read
 * made after the skip) and it is still not there: its transaction rolled back. Until the
 * transactions in flight at its first read have ended, and then once per poll interval as a
 * safety net, it sweeps instead: reads every unpublished row not on its way.
 * No transaction stays open while the transport works: a single relay per database is kept by a
 * session advisory lock held on the relay's own connection, so when that connection drops the lock
 * goes with it and another instance takes over. That connection is a lease: the server ends it once
 * idle for the lease ({@code idle_session_timeout}) and the relay touches it well within, so a node
 * frozen in place (stopped, not dead: its host still answers for its socket) gives up the lead too.
 */
public final class Relay {

  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
  private static final long LOCK_KEY = 0x5348_4f50_4f55_5442L; // arbitrary, constant per database
  /** A row to send, with the read's snapshot: the oldest transaction still running, the next id. */
  private static final String COLUMNS = "position, id, source, type, subject, time, data, "
    + "pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin, "
    + "pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xmax";
  /**
   * The sweep: marks the acknowledged rows ($3) published and reads the oldest unpublished rows not
   * already on their way ($2, the acknowledged included: the read sees the outbox as it was before
   * the mark).
   */
  private static final String MARK_AND_READ = "WITH marked AS (UPDATE outbox SET published_at = now() "
    + "WHERE position = ANY($3)) SELECT " + COLUMNS + " FROM outbox "
    + "WHERE published_at IS NULL AND NOT (position = ANY($2)) ORDER BY position LIMIT $1";
  /**
   * Marks the acknowledged rows ($3) published and reads the rows past the highest position read
   * ($4), with the positions skipped below it that have committed since ($2).
   */
  private static final String MARK_AND_READ_ON = "WITH marked AS (UPDATE outbox SET published_at = now() "
    + "WHERE position = ANY($3)) (SELECT " + COLUMNS + " FROM outbox "
    + "WHERE published_at IS NULL AND position = ANY($2)) UNION ALL (SELECT " + COLUMNS + " FROM outbox "
    + "WHERE published_at IS NULL AND position > $4 ORDER BY position LIMIT $1) ORDER BY position";
  private static final long FIRST_BACKOFF_MILLIS = 50;
  private static final String MARK = "UPDATE outbox SET published_at = now() WHERE position = ANY($1)";

  private final Vertx vertx;
  private final Pool pool;
  private final PgConnectOptions lockOn;
  private final EventTransport transport;
  private final EventSource source;
  private final long pollMillis;
  private final int batchSize;
  private final int window;
  private final long lingerMillis;
  private final long leaseMillis;

  /** The relay's own connection: it holds the lock while it is the one relay. */
  private PgConnection connection;
  private Future<Void> connecting = Future.succeededFuture();
  private boolean leading;
  private long timer = -1;
  private long keepAlive = -1;
  private boolean reading;
  private boolean again;
  private boolean stopped;
  /** After a batch the transport refused: how long the relay rests before it reads again. */
  private long backoffMillis;
  private boolean resting;
  private boolean lingering;
  /** Positions handed to the transport and not yet acknowledged. */
  private final Set<Long> onTheirWay = new HashSet<>();
  /** Positions the transport acknowledged, to be marked published by the next read. */
  private final Set<Long> acknowledged = new HashSet<>();
  private final List<Future<?>> batches = new ArrayList<>();
  /** The positions read and skipped, which let a read start past those on their way. */
  private final ReadHorizon horizon = new ReadHorizon();
  private long lastSweep;
  private Future<Void> lastRead = Future.succeededFuture();
  private MessageConsumer<Object> wakeUps;

  /**
   * @param source the domain whose outbox this is: it says which topic carries each of its events
   * @param window how many batches may wait for the transport's acknowledgement at once
   * @param lingerMillis how long a commit's wake-up waits before the read, so the commits of that
   *     while go out in one batch
   * @param leaseMillis how long the lead outlives a relay that stopped touching its connection; 0: as
   *     long as the connection
   */
  public Relay(Vertx vertx, Pool pool, PgConnectOptions lockOn, EventTransport transport, EventSource source,
               long pollMillis, int batchSize, int window, long lingerMillis, long leaseMillis) {
    this.vertx = vertx;
    this.pool = pool;
    this.lockOn = lockOn;
    this.transport = transport;
    this.source = source;
    this.pollMillis = pollMillis;
    this.batchSize = batchSize;
    this.window = Math.max(1, window);
    this.lingerMillis = Math.max(0, lingerMillis);
    this.leaseMillis = Math.max(0, leaseMillis);
  }

  public Future<Void> start() {
    wakeUps = vertx.eventBus().consumer(Outbox.wakeAddress(source.domain()), message -> wake());
    timer = vertx.setPeriodic(pollMillis, id -> {
      if (connection == null && connecting.isComplete()) {
        connect();
      } else if (connection != null && !leading) {
        lead();
      }
      drain();
    });
    if (leaseMillis > 0) {
      keepAlive = vertx.setPeriodic(Math.max(100, leaseMillis / 3), id -> {
        var conn = connection;
        if (conn != null) {
          conn.query("SELECT 1").execute();
        }
      });
    }
    transport.ready().onSuccess(v -> drain());
    return connect().recover(e -> Future.succeededFuture());
  }

  private Future<Void> connect() {
    connecting = PgConnection.connect(vertx, lockOn).compose(conn -> {
      if (stopped) {
        // connected while stopping: the database may be shut down next, so nothing stays open
        return conn.close();
      }
      conn.closeHandler(v -> {
        // the lock was the session's: it is gone with it
        connection = null;
        leading = false;
      });
      connection = conn;
      return lease(conn).compose(v -> lead());
    }).onFailure(e -> LOG.debug("relay connection failed, retrying at the next poll: {}", e.getMessage()));
    return connecting;
  }

  /** Has the server end this session once it idles for the lease (PostgreSQL 14 and later). */
  private Future<Void> lease(PgConnection conn) {
    if (leaseMillis == 0) {
      return Future.succeededFuture();
    }
    return conn.query("SET idle_session_timeout = " + leaseMillis).execute().<Void>mapEmpty()
      .recover(e -> {
        LOG.info("the relay's lead lasts as long as its connection: {}", e.getMessage());
        return Future.succeededFuture();
      });
  }

  /** Takes the database's relay lock if no other instance holds it. */
  private Future<Void> lead() {
    var conn = connection;
    return conn.preparedQuery("SELECT pg_try_advisory_lock($1) AS locked").execute(Tuple.of(LOCK_KEY))
      .map(rows -> {
        leading = conn == connection && rows.iterator().next().getBoolean("locked");
        if (leading) {
          // another relay may have led meanwhile: the first read sweeps
          horizon.reset();
          drain();
        }
        return null;
      });
  }

  /**
   * A commit's wake-up: under load the next commits come within the linger and share the read, the
   * batch, the consumers' transactions and the mark, instead of each going out alone.
   */
  private void wake() {
    if (lingerMillis == 0) {
      drain();
    } else if (!lingering) {
      lingering = true;
      vertx.setTimer(lingerMillis, id -> {
        lingering = false;
        drain();
      });
    }
  }

  /** Publishes until the outbox is empty or the window is full; a wake-up during a read reads again. */
  public void drain() {
    if (stopped || !leading) {
      return;
    }
    if (resting || reading || onTheirWay.size() >= window * batchSize) {
      again = true;
      return;
    }
    reading = true;
    again = false;
    var marking = acknowledged.toArray(new Long[0]);
    var now = System.nanoTime();
    Future<RowSet<Row>> reads;
    var sweeping = horizon.sweepsOnly() || now - lastSweep >= pollMillis * 1_000_000;
    if (sweeping) {
      lastSweep = now;
      var notAgain = new ArrayList<Long>(onTheirWay.size() + marking.length);
      notAgain.addAll(onTheirWay);
      notAgain.addAll(acknowledged);
      reads = pool.preparedQuery(MARK_AND_READ).execute(Tuple.tuple().addInteger(batchSize)
        .addArrayOfLong(notAgain.toArray(new Long[0])).addArrayOfLong(marking));
    } else {
      reads = pool.preparedQuery(MARK_AND_READ_ON).execute(Tuple.tuple().addInteger(batchSize)
        .addArrayOfLong(horizon.skipped()).addArrayOfLong(marking).addLong(horizon.highest()));
    }
    lastRead = reads
      .onComplete(read -> {
        reading = false;
        if (read.failed()) {
          // retried after the backoff: a failed last read must not wait for the next poll or commit
          LOG.debug("relay read failed, retried after a rest: {}", read.cause().getMessage());
          restThenDrain();
          return;
        }
        // only once marked may a read see these rows again: now they are published
        for (var position : marking) {
          acknowledged.remove(position);
        }
        var rows = read.result();
        if (rows.size() > 0) {
          learn(rows, sweeping);
          send(rows);
        }
        if (rows.size() >= batchSize || again) {
          drain();
        }
      }).mapEmpty();
  }

  private void learn(RowSet<Row> rows, boolean sweep) {
    var positions = new ArrayList<Long>(rows.size());
    rows.forEach(row -> positions.add(row.getLong("position")));
    var first = rows.iterator().next();
    horizon.learn(positions, first.getLong("xmin"), first.getLong("xmax"), sweep, rows.size() < batchSize);
  }

  /** Hands a batch to the transport now, in outbox order; the next read marks it published once acknowledged. */
  private void send(RowSet<Row> rows) {
    var byTopic = new LinkedHashMap<String, List<DomainEvent>>();
    var positions = new ArrayList<Long>(rows.size());
    for (Row row : rows) {
      positions.add(row.getLong("position"));
      var event = new DomainEvent(row.getUUID("id"), row.getString("source"), row.getString("type"),
        row.getString("subject"), row.getOffsetDateTime("time"), row.getJsonObject("data"));
      byTopic.computeIfAbsent(source.topicOf(event.type()), topic -> new ArrayList<>()).add(event);
    }
    onTheirWay.addAll(positions);
    // an aggregate's events share a topic, so each topic's list keeps their order
    var batch = Future.all(byTopic.entrySet().stream().map(e -> transport.publish(e.getKey(), e.getValue())).toList())
      .onComplete(result -> {
        positions.forEach(onTheirWay::remove);
        if (result.succeeded()) {
          acknowledged.addAll(positions);
          backoffMillis = 0;
          drain();
        } else {
          LOG.debug("relay batch not acknowledged, it goes out again: {}", result.cause().getMessage());
          horizon.readAgain(positions);
          restThenDrain();
        }
      });
    batches.add(batch);
    batch.onComplete(r -> batches.remove(batch));
  }

  /**
   * A transport that refuses (still starting, broker away) is asked again after a pause that
   * doubles up to the poll interval, instead of in a loop that burns a core and the database.
   */
  private void restThenDrain() {
    if (resting) {
      return;
    }
    resting = true;
    backoffMillis = Math.min(pollMillis, Math.max(FIRST_BACKOFF_MILLIS, backoffMillis * 2));
    vertx.setTimer(backoffMillis, id -> {
      resting = false;
      drain();
    });
  }

  /** What was acknowledged and not yet marked, marked now: a relay that stops leaves no batch to send again. */
  private Future<Void> markAcknowledged() {
    if (acknowledged.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(MARK).execute(Tuple.of(acknowledged.toArray(new Long[0])))
      .onSuccess(rows -> acknowledged.clear())
      .<Void>mapEmpty()
      .recover(e -> Future.succeededFuture());
  }

  /** Stops polling and closes its connection (releasing the lock) once the batches on their way are done. */
  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (keepAlive >= 0) {
      vertx.cancelTimer(keepAlive);
    }
    var pending = new ArrayList<Future<?>>(batches);
    if (wakeUps != null) {
      pending.add(wakeUps.unregister());
    }
    pending.add(lastRead);
    pending.add(connecting);
    return Future.join(pending).transform(v -> markAcknowledged())
      .transform(v -> connection == null ? Future.<Void>succeededFuture() : connection.close());
  }
}
