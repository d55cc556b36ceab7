package com.shopifygenie.orders;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.ListHorizon;
import com.shopifygenie.platform.Outbox;
import com.shopifygenie.platform.PageCursor;
import com.shopifygenie.platform.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

/** All SQL of the orders aggregate: orders, their lines and their status history. */
final class OrderStore {

  private static final String HEADER = "id, customer_id, status, rejection_reason, total_amount, currency, paid_amount, "
    + "refunded_amount, created_at, updated_at";

  record OrderFilter(UUID customerId, OrderStatus status, OffsetDateTime from, OffsetDateTime to) {}

  /**
   * Takes new orders in one statement, with the events that report them: the customers that order
   * for themselves remembered (they may be new here, taken in id order so that two batches never
   * wait on each other; a user known already stays as auth last said), the orders, their lines and
   * the first entry of each history (a new order's story starts at seq 1). On the pool it commits
   * by itself. The orders are placed at its transaction's start, now(), as the list's
   * {@link ListHorizon} needs; the statement answers it.
   */
  private static final String TAKE_ALL = "WITH customer AS (INSERT INTO customers (id) "
    + "SELECT DISTINCT c FROM unnest($2::uuid[], $6::bool[]) AS t(c, itself) WHERE itself ORDER BY c "
    + "ON CONFLICT (id) DO NOTHING), "
    + "placed AS (INSERT INTO orders (id, customer_id, status, total_amount, currency, created_by, created_at, updated_at) "
    + "SELECT id, c, 'pending', total, currency, by, now(), now() "
    + "FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::text[], $5::uuid[]) AS o(id, c, total, currency, by)), "
    + "lines AS (INSERT INTO order_lines (order_id, line_no, sku, product_id, title, quantity, unit_price, line_total) "
    + "SELECT * FROM unnest($7::uuid[], $8::int[], $9::text[], $10::uuid[], $11::text[], $12::int[], $13::bigint[], "
    + "$14::bigint[])), "
    + "story AS (INSERT INTO order_status_history (order_id, seq, from_status, to_status, cause, at) "
    + "SELECT id, 1, NULL, 'pending', 'created', now() FROM unnest($1::uuid[]) AS o(id)) "
    + Outbox.insertAll(15) + " RETURNING now()";

  /**
   * A new order to take, with who takes it and the event that reports it.
   *
   * @param forItself a customer orders for itself: its token proves it is one
   */
  record Taking(Order order, UUID createdBy, boolean forItself, DomainEvent created) {}

  /** @return when the orders were placed, at the database's time */
  Future<OffsetDateTime> takeAll(SqlClient client, List<Taking> takings) {
    record Numbered(UUID orderId, int no, Order.Line line) {}
    var lines = takings.stream().map(Taking::order).flatMap(order -> IntStream.range(0, order.lines().size())
      .mapToObj(no -> new Numbered(order.id(), no, order.lines().get(no)))).toList();
    return Outbox.appendAllWith(client, TAKE_ALL, Tuple.tuple()
        .addArrayOfUUID(takings.stream().map(t -> t.order().id()).toArray(UUID[]::new))
        .addArrayOfUUID(takings.stream().map(t -> t.order().customerId()).toArray(UUID[]::new))
        .addArrayOfLong(takings.stream().map(t -> t.order().total()).toArray(Long[]::new))
        .addArrayOfString(takings.stream().map(t -> t.order().currency()).toArray(String[]::new))
        .addArrayOfUUID(takings.stream().map(Taking::createdBy).toArray(UUID[]::new))
        .addArrayOfBoolean(takings.stream().map(Taking::forItself).toArray(Boolean[]::new))
        .addArrayOfUUID(lines.stream().map(Numbered::orderId).toArray(UUID[]::new))
        .addArrayOfInteger(lines.stream().map(Numbered::no).toArray(Integer[]::new))
        .addArrayOfString(lines.stream().map(l -> l.line().sku()).toArray(String[]::new))
        .addArrayOfUUID(lines.stream().map(l -> l.line().productId()).toArray(UUID[]::new))
        .addArrayOfString(lines.stream().map(l -> l.line().title()).toArray(String[]::new))
        .addArrayOfInteger(lines.stream().map(l -> l.line().quantity()).toArray(Integer[]::new))
        .addArrayOfLong(lines.stream().map(l -> l.line().unitPrice()).toArray(Long[]::new))
        .addArrayOfLong(lines.stream().map(l -> l.line().lineTotal()).toArray(Long[]::new)),
        takings.stream().map(Taking::created).toList())
      .map(rows -> rows.iterator().next().getOffsetDateTime(0));
  }

  Future<Optional<Order>> byId(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + HEADER + " FROM orders WHERE id = $1").execute(Tuple.of(id))
      .compose(rows -> Rows.first(rows, OrderStore::header)
        .map(header -> Future.all(lines(client, id), history(client, id))
          .map(parts -> Optional.of(header.with(parts.resultAt(0), parts.resultAt(1)))))
        .orElseGet(() -> Future.succeededFuture(Optional.empty())));
  }

  /** Locks the order for a transition; empty when there is no such order. */
  Future<Optional<Order>> lock(SqlClient tx, UUID id) {
    return tx.preparedQuery("SELECT " + HEADER + " FROM orders WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
      .map(rows -> Rows.first(rows, OrderStore::header));
  }

  /** Locks these orders, in id order, for their transitions; by id, those found. */
  Future<Map<UUID, Order>> lockAll(SqlClient tx, List<UUID> ids) {
    return tx.preparedQuery("SELECT " + HEADER + " FROM orders WHERE id = ANY($1) ORDER BY id FOR UPDATE")
      .execute(Tuple.of(ids.toArray(UUID[]::new)))
      .map(rows -> {
        var found = new HashMap<UUID, Order>();
        Rows.all(rows, OrderStore::header).forEach(order -> found.put(order.id(), order));
        return found;
      });
  }

  /** A status change of a locked order, and why. */
  record Transition(UUID orderId, OrderStatus from, OrderStatus to, String cause, String rejectionReason) {}

  /** The orders' last statuses, every step in their histories, then the events that report them. */
  private static final String TRANSITION_ALL = "WITH moved AS (UPDATE orders o SET status = t.status, "
    + "rejection_reason = coalesce(t.reason, o.rejection_reason), updated_at = now() "
    + "FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, status, reason) WHERE o.id = t.id), "
    + "story AS (INSERT INTO order_status_history (order_id, seq, from_status, to_status, cause)"
    + " SELECT s.order_id, coalesce((SELECT max(h.seq) FROM order_status_history h WHERE h.order_id = s.order_id), 0)"
    + " + s.nth, s.from_status, s.to_status, s.cause"
    + " FROM unnest($4::uuid[], $5::int[], $6::text[], $7::text[], $8::text[]) AS s(order_id, nth, from_status,"
    + " to_status, cause)) "
    + Outbox.insertAll(9);

  /**
   * Moves locked orders on, in the given order (an order may move more than once), in one
   * statement with the events that report it: the orders' last statuses, and every step in their
   * histories.
   */
  Future<Void> transitionAll(SqlClient tx, List<Transition> steps, List<DomainEvent> events) {
    if (steps.isEmpty()) {
      return Outbox.appendAll(tx, events);
    }
    var last = new LinkedHashMap<UUID, Transition>();
    var ordinal = new HashMap<UUID, Integer>();
    var nth = new Integer[steps.size()];
    for (int i = 0; i < steps.size(); i++) {
      last.put(steps.get(i).orderId(), steps.get(i));
      nth[i] = ordinal.merge(steps.get(i).orderId(), 1, Integer::sum);
    }
    var finals = new ArrayList<>(last.values());
    return Outbox.appendAllWith(tx, TRANSITION_ALL, Tuple.tuple()
        .addArrayOfUUID(finals.stream().map(Transition::orderId).toArray(UUID[]::new))
        .addArrayOfString(finals.stream().map(t -> t.to().wireName()).toArray(String[]::new))
        .addArrayOfString(finals.stream().map(Transition::rejectionReason).toArray(String[]::new))
        .addArrayOfUUID(steps.stream().map(Transition::orderId).toArray(UUID[]::new))
        .addArrayOfInteger(nth)
        .addArrayOfString(steps.stream().map(t -> t.from().wireName()).toArray(String[]::new))
        .addArrayOfString(steps.stream().map(t -> t.to().wireName()).toArray(String[]::new))
        .addArrayOfString(steps.stream().map(Transition::cause).toArray(String[]::new)), events)
      .mapEmpty();
  }

  /**
   * Moves a locked order to its next status and records why. A step that leaves the status as it
   * was (a second partial shipment) is no transition: the history does not repeat it.
   */
  Future<Void> transition(SqlClient tx, Order order, OrderStatus to, String cause, String rejectionReason) {
    if (order.status() == to) {
      return tx.preparedQuery("UPDATE orders SET updated_at = now() WHERE id = $1").execute(Tuple.of(order.id())).mapEmpty();
    }
    return tx.preparedQuery("UPDATE orders SET status = $2, rejection_reason = coalesce($3, rejection_reason), "
        + "updated_at = now() WHERE id = $1")
      .execute(Tuple.of(order.id(), to.wireName(), rejectionReason))
      .compose(v -> history(tx, order.id(), order.status(), to, cause));
  }

  Future<List<Order.Line>> lines(SqlClient client, UUID orderId) {
    return client.preparedQuery("SELECT sku, product_id, title, quantity, unit_price, line_total, shipped_quantity, "
        + "returned_quantity FROM order_lines WHERE order_id = $1 ORDER BY line_no")
      .execute(Tuple.of(orderId))
      .map(rows -> Rows.all(rows, r -> new Order.Line(r.getString("sku"), r.getUUID("product_id"),
        r.getString("title"), r.getInteger("quantity"), r.getLong("unit_price"), r.getLong("line_total"),
        r.getInteger("shipped_quantity"), r.getInteger("returned_quantity"))));
  }

  /** The order's payment went through: what it took. */
  Future<Void> paid(SqlClient tx, UUID orderId, long amount) {
    return tx.preparedQuery("UPDATE orders SET paid_amount = $2 WHERE id = $1").execute(Tuple.of(orderId, amount))
      .mapEmpty();
  }

  /** Money went back; the database refuses more than was paid (orders_refund_within_payment). */
  Future<Void> refunded(SqlClient tx, UUID orderId, long amount) {
    return tx.preparedQuery("UPDATE orders SET refunded_amount = refunded_amount + $2 WHERE id = $1")
      .execute(Tuple.of(orderId, amount)).mapEmpty();
  }

  /** Units of lines left in a shipment; the database refuses more than ordered (order_lines_ship_within_order). */
  Future<Void> shipped(SqlClient tx, UUID orderId, List<Shipment.Line> lines) {
    return tx.preparedQuery("UPDATE order_lines SET shipped_quantity = shipped_quantity + $3 WHERE order_id = $1 AND sku = $2")
      .executeBatch(lines.stream().map(l -> Tuple.of(orderId, l.sku(), l.quantity())).toList()).mapEmpty();
  }

  /** Shipped units came back refunded (restocked or not). */
  Future<Void> returned(SqlClient tx, UUID orderId, List<Refund.Line> lines) {
    if (lines.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery("UPDATE order_lines SET returned_quantity = returned_quantity + $3 WHERE order_id = $1 AND sku = $2")
      .executeBatch(lines.stream().map(l -> Tuple.of(orderId, l.sku(), l.quantity())).toList()).mapEmpty();
  }

  /**
   * Oldest first; one row more than asked tells whether another page follows. Only orders before
   * the {@link ListHorizon}, so a client following the list misses none committed late.
   */
  Future<List<Order>> page(SqlClient client, OrderFilter filter, PageCursor after, int limit) {
    return ListHorizon.read(client).compose(horizon -> client.preparedQuery("SELECT " + HEADER + " FROM orders"
        + " WHERE ($1::uuid IS NULL OR customer_id = $1)"
        + " AND ($2::text IS NULL OR status = $2)"
        + " AND ($3::timestamptz IS NULL OR created_at >= $3)"
        + " AND ($4::timestamptz IS NULL OR created_at < $4)"
        + " AND ($5::timestamptz IS NULL OR (created_at, id) > ($5, $6))"
        + " AND created_at < $8"
        + " ORDER BY created_at, id LIMIT $7")
      .execute(Tuple.of(filter.customerId(), filter.status() == null ? null : filter.status().wireName(),
        filter.from(), filter.to(), after.time(), after.id(), limit + 1, horizon)))
      .map(rows -> Rows.all(rows, OrderStore::header));
  }

  private Future<List<Order.StatusChange>> history(SqlClient client, UUID orderId) {
    return client.preparedQuery("SELECT from_status, to_status, cause, at FROM order_status_history "
        + "WHERE order_id = $1 ORDER BY seq")
      .execute(Tuple.of(orderId))
      .map(rows -> Rows.all(rows, r -> new Order.StatusChange(
        r.getString("from_status") == null ? null : OrderStatus.fromWire(r.getString("from_status")),
        OrderStatus.fromWire(r.getString("to_status")), r.getString("cause"), r.getOffsetDateTime("at"))));
  }

  /** The order without its lines and history. */
  private static Order header(Row row) {
    return new Order(row.getUUID("id"), row.getUUID("customer_id"), OrderStatus.fromWire(row.getString("status")),
      row.getString("rejection_reason"), row.getLong("total_amount"), row.getString("currency"),
      row.getLong("paid_amount"), row.getLong("refunded_amount"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"), null, null);
  }

  /** The next entry of the order's history, numbered in the same statement (the order is locked or new). */
  private Future<Void> history(SqlClient tx, UUID orderId, OrderStatus from, OrderStatus to, String cause) {
    return tx.preparedQuery("INSERT INTO order_status_history (order_id, seq, from_status, to_status, cause) "
        + "SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4 FROM order_status_history WHERE order_id = $1")
      .execute(Tuple.of(orderId, from == null ? null : from.wireName(), to.wireName(), cause))
      .mapEmpty();
  }
}
