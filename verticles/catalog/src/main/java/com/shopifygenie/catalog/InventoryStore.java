package com.shopifygenie.catalog;

import com.shopifygenie.platform.Ids;
import com.shopifygenie.platform.Outbox;
import com.shopifygenie.platform.PageCursor;
import com.shopifygenie.platform.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** All SQL of inventory, the stock ledger and reservations. */
final class InventoryStore {

  private static final String STOCK = "SELECT i.product_id, p.sku, p.cost_amount, p.currency, i.on_hand, i.reserved,"
    + " i.reorder_point, i.reorder_quantity, i.updated_at FROM inventory i JOIN products p ON p.id = i.product_id";
  private static final String MOVEMENT = "SELECT m.id, m.product_id, p.sku, m.delta, m.reserved_delta, m.reason,"
    + " m.note, m.order_id, m.on_hand, m.reserved, m.created_at, m.seq, m.xid_mark FROM stock_movements m"
    + " JOIN products p ON p.id = m.product_id";
  /** The id of the writing transaction, as the number xid_mark keeps (xid8 has no cast to bigint). */
  private static final String TRANSACTION_ID = "pg_current_xact_id()::text::bigint";

  /** The inventory row of a new product: nothing on hand. */
  Future<Stock> insert(SqlClient client, Product product, int reorderPoint, int reorderQuantity) {
    return client.preparedQuery("INSERT INTO inventory (product_id, reorder_point, reorder_quantity) VALUES ($1, $2, $3)"
        + " RETURNING product_id, on_hand, reserved, reorder_point, reorder_quantity, updated_at")
      .execute(Tuple.of(product.id(), reorderPoint, reorderQuantity))
      .map(rows -> Rows.first(rows, row -> new Stock(product.id(), product.sku(), product.unitCost(),
        row.getInteger("on_hand"), row.getInteger("reserved"), row.getInteger("reorder_point"),
        row.getInteger("reorder_quantity"), row.getOffsetDateTime("updated_at"))).orElseThrow());
  }

  Future<Optional<Stock>> byProduct(SqlClient client, UUID productId) {
    return client.preparedQuery(STOCK + " WHERE i.product_id = $1")
      .execute(Tuple.of(productId)).map(rows -> Rows.first(rows, InventoryStore::stock));
  }

  /**
   * The inventory row locked for a change, and its product's row share-locked as {@link #lockForSale}
   * does: a product's currency changes only with no stock (ProductOperations), and a change of stock
   * priced from the product row read before that change committed would be booked in the old currency.
   */
  Future<Optional<Stock>> byProductForUpdate(SqlClient client, UUID productId) {
    return client.preparedQuery(STOCK + " WHERE i.product_id = $1 FOR UPDATE OF i FOR SHARE OF p")
      .execute(Tuple.of(productId)).map(rows -> Rows.first(rows, InventoryStore::stock));
  }

  /**
   * Locks the inventory rows of these products, always in product id order, so two
   * transactions that lock several rows never wait for each other in a cycle; their products' rows
   * share-locked as in {@link #byProductForUpdate}.
   */
  Future<Map<UUID, Stock>> lockAll(SqlClient client, List<UUID> productIds) {
    return client.preparedQuery(STOCK + " WHERE i.product_id = ANY($1) ORDER BY i.product_id FOR UPDATE OF i FOR SHARE OF p")
      .execute(Tuple.of(productIds.toArray(UUID[]::new)))
      .map(rows -> {
        var stock = new LinkedHashMap<UUID, Stock>();
        Rows.all(rows, InventoryStore::stock).forEach(s -> stock.put(s.productId(), s));
        return stock;
      });
  }

  /** Locked stock to reserve from, and which of those products are not on sale (draft or archived). */
  record ForSale(Map<UUID, Stock> stock, Set<UUID> notOnSale) {}

  /**
   * Locks the inventory rows of these products in product id order, as {@link #lockAll}, and reads
   * each product's status in the same statement under a share lock of its products row. The lock
   * is what makes it race-free: an archive updates the products row (FOR NO KEY UPDATE, then
   * UPDATE), which conflicts with FOR SHARE, so either the archive commits first and this statement
   * waits for it and reads the row again (archived), or the reservation commits first and the
   * archive waits for it. Without it a reservation could read "active" from before an archive that
   * answered 200 while the reservation was still to commit. Reservations share it with each other.
   */
  Future<ForSale> lockForSale(SqlClient client, List<UUID> productIds) {
    return client.preparedQuery("SELECT i.product_id, p.sku, p.cost_amount, p.currency, p.status, i.on_hand,"
        + " i.reserved, i.reorder_point, i.reorder_quantity, i.updated_at FROM inventory i JOIN products p"
        + " ON p.id = i.product_id WHERE i.product_id = ANY($1) ORDER BY i.product_id FOR UPDATE OF i FOR SHARE OF p")
      .execute(Tuple.of(productIds.toArray(UUID[]::new)))
      .map(rows -> {
        var stock = new LinkedHashMap<UUID, Stock>();
        var notOnSale = new HashSet<UUID>();
        for (var row : rows) {
          var s = stock(row);
          stock.put(s.productId(), s);
          if (ProductStatus.fromWire(row.getString("status")) != ProductStatus.ACTIVE) {
            notOnSale.add(s.productId());
          }
        }
        return new ForSale(stock, notOnSale);
      });
  }

  /**
   * Applies a change to a locked row and writes its ledger row, in one statement. The row's update
   * numbers the movement (seq) and marks it with this transaction's id (xid_mark) under the row's
   * lock, and stamps it with the time taken there: see db/catalog/V4__ledger_order.sql. The
   * database's CHECKs refuse anything that would make stock negative or reserve more than is on hand.
   */
  Future<Movement> apply(SqlClient client, Stock stock, StockChange change, UUID orderId, String note) {
    var id = Ids.next();
    return client.preparedQuery("WITH moved AS (UPDATE inventory SET on_hand = on_hand + $2, reserved = reserved + $3,"
        + " last_seq = last_seq + 1, xid_mark = greatest(xid_mark, " + TRANSACTION_ID + "), updated_at = clock_timestamp()"
        + " WHERE product_id = $1 RETURNING product_id, on_hand, reserved, last_seq, xid_mark, updated_at)"
        + " INSERT INTO stock_movements (id, product_id, seq, xid_mark, delta, reserved_delta, reason, note, order_id,"
        + " on_hand, reserved, created_at) SELECT $4::uuid, product_id, last_seq, xid_mark, $2::int, $3::int, $5::text,"
        + " $6::text, $7::uuid, on_hand, reserved, updated_at FROM moved RETURNING seq, xid_mark, on_hand, reserved, created_at")
      .execute(Tuple.of(stock.productId(), change.delta(), change.reservedDelta(), id, change.reason(), note, orderId))
      .map(rows -> {
        var row = rows.iterator().next();
        return new Movement(id, stock.productId(), stock.sku(), change.delta(), change.reservedDelta(), change.reason(),
          note, orderId, row.getInteger("on_hand"), row.getInteger("reserved"), row.getOffsetDateTime("created_at"),
          row.getLong("seq"), row.getLong("xid_mark"));
      });
  }

  /** New reorder settings of a locked row; answers the stock with them. */
  Future<Stock> updateSettings(SqlClient client, Stock stock, int reorderPoint, int reorderQuantity) {
    return client.preparedQuery("UPDATE inventory SET reorder_point = $2, reorder_quantity = $3, updated_at = now()"
        + " WHERE product_id = $1 RETURNING updated_at")
      .execute(Tuple.of(stock.productId(), reorderPoint, reorderQuantity))
      .map(rows -> new Stock(stock.productId(), stock.sku(), stock.unitCost(), stock.onHand(), stock.reserved(),
        reorderPoint, reorderQuantity, rows.iterator().next().getOffsetDateTime("updated_at")));
  }

  /**
   * A product's ledger in the order its movements were applied (seq), after the cursor's place;
   * one row more than asked. from is inclusive, to exclusive. Every committed row is listed at
   * once: a product's movements commit in seq order.
   */
  Future<List<Movement>> movementsOf(SqlClient client, UUID productId, OffsetDateTime from, OffsetDateTime to,
                                     long afterSeq, int limit) {
    return client.preparedQuery(MOVEMENT
        + " WHERE m.product_id = $1 AND m.seq > $2"
        + " AND ($3::timestamptz IS NULL OR m.created_at >= $3)"
        + " AND ($4::timestamptz IS NULL OR m.created_at < $4)"
        + " ORDER BY m.seq LIMIT $5")
      .execute(Tuple.of(productId, afterSeq, from, to, limit + 1))
      .map(rows -> Rows.all(rows, InventoryStore::movement));
  }

  /**
   * The whole ledger in its order, (xid_mark, product_id, seq), after the cursor's place; one row
   * more than asked. Only rows below the horizon, the oldest transaction still running: no row
   * can ever be added before them (see db/catalog/V4__ledger_order.sql), so a follower misses none.
   */
  Future<List<Movement>> movements(SqlClient client, OffsetDateTime from, OffsetDateTime to, LedgerCursor after,
                                   int limit) {
    return client.preparedQuery(MOVEMENT
        + " WHERE m.xid_mark < pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
        + " AND ($1::timestamptz IS NULL OR m.created_at >= $1)"
        + " AND ($2::timestamptz IS NULL OR m.created_at < $2)"
        + " AND (m.xid_mark, m.product_id, m.seq) > ($3, $4, $5)"
        + " ORDER BY m.xid_mark, m.product_id, m.seq LIMIT $6")
      .execute(Tuple.of(from, to, after.xidMark(), after.productId(), after.seq(), limit + 1))
      .map(rows -> Rows.all(rows, InventoryStore::movement));
  }

  /**
   * Locks, in product id order, the stock a batch of order events will touch: the products on
   * their lines and those the orders hold reservations of.
   */
  Future<Void> lockForOrders(SqlClient client, List<UUID> productIds, List<UUID> orderIds) {
    return client.preparedQuery("SELECT product_id FROM inventory WHERE product_id = ANY($1)"
        + " OR product_id IN (SELECT product_id FROM reservations WHERE order_id = ANY($2)) ORDER BY product_id FOR UPDATE")
      // Tuple.of(a, b) would spread the second array as varargs
      .execute(Tuple.tuple().addArrayOfUUID(productIds.toArray(UUID[]::new)).addArrayOfUUID(orderIds.toArray(UUID[]::new)))
      .mapEmpty();
  }

  /** Products not archived whose available stock is at or below their reorder point, by product id; one more than asked. */
  Future<List<Stock>> low(SqlClient client, PageCursor after, int limit) {
    return client.preparedQuery(STOCK + " WHERE p.status <> 'archived'"
        + " AND i.on_hand - i.reserved <= i.reorder_point"
        + " AND ($1::uuid IS NULL OR i.product_id > $1)"
        + " ORDER BY i.product_id LIMIT $2")
      .execute(Tuple.of(after.id(), limit + 1))
      .map(rows -> Rows.all(rows, InventoryStore::stock));
  }

  /**
   * What is still held for the order per product (reserved and not shipped), locked; empty when it
   * holds nothing (never reserved, released already, or shipped in full).
   */
  Future<Map<UUID, Integer>> activeReservations(SqlClient client, UUID orderId) {
    return client.preparedQuery("SELECT product_id, quantity - shipped AS quantity FROM reservations"
        + " WHERE order_id = $1 AND status = 'active' ORDER BY product_id FOR UPDATE")
      .execute(Tuple.of(orderId))
      .map(rows -> {
        var reserved = new LinkedHashMap<UUID, Integer>();
        rows.forEach(row -> reserved.put(row.getUUID("product_id"), row.getInteger("quantity")));
        return reserved;
      });
  }

  /** Of these orders, those that hold reservations already or were cancelled. */
  Future<Set<UUID>> decided(SqlClient client, List<UUID> orderIds) {
    return client.preparedQuery("SELECT order_id FROM reservations WHERE order_id = ANY($1)"
        + " UNION SELECT order_id FROM cancelled_orders WHERE order_id = ANY($1)")
      .execute(Tuple.of(orderIds.toArray(UUID[]::new)))
      .map(rows -> {
        var decided = new HashSet<UUID>();
        rows.forEach(row -> decided.add(row.getUUID("order_id")));
        return decided;
      });
  }

  /** Reservations, the stock they take and the ledger's rows, then the run's events: one statement. */
  private static final String RESERVE_ALL = "WITH held AS (INSERT INTO reservations (order_id, product_id, quantity, status)"
    + " SELECT order_id, product_id, quantity, 'active' FROM unnest($1::uuid[], $2::uuid[], $3::int[])"
    + " AS r(order_id, product_id, quantity)), "
    + "moved AS (UPDATE inventory i SET on_hand = i.on_hand + d.delta,"
    + " reserved = i.reserved + d.reserved_delta, last_seq = i.last_seq + d.moves,"
    + " xid_mark = greatest(i.xid_mark, " + TRANSACTION_ID + "), updated_at = clock_timestamp()"
    + " FROM unnest($4::uuid[], $5::int[], $6::int[], $7::int[]) AS d(product_id, delta, reserved_delta, moves)"
    + " WHERE i.product_id = d.product_id RETURNING i.product_id, i.last_seq, i.xid_mark, i.updated_at), "
    // a product's rows of the run take the numbers after the row's last one before, in the run's order
    + "ledger AS (INSERT INTO stock_movements (id, product_id, seq, xid_mark, delta, reserved_delta, reason,"
    + " order_id, on_hand, reserved, created_at) SELECT l.id, l.product_id,"
    + " m.last_seq - count(*) OVER (PARTITION BY l.product_id) + row_number() OVER (PARTITION BY l.product_id ORDER BY l.n),"
    + " m.xid_mark, l.delta, l.reserved_delta, l.reason, l.order_id, l.on_hand, l.reserved, m.updated_at"
    + " FROM unnest($8::uuid[], $9::uuid[], $10::int[], $11::int[], $12::text[], $13::uuid[], $14::int[], $15::int[])"
    + " WITH ORDINALITY AS l(id, product_id, delta, reserved_delta, reason, order_id, on_hand, reserved, n)"
    + " JOIN moved m ON m.product_id = l.product_id) "
    + Outbox.insertAll(16);

  /**
   * Writes a planned run of reservations in one statement: the reservations, the inventory rows
   * (locked by the caller) changed by each product's total, the ledger's rows and the run's events.
   */
  Future<Void> reserveAll(SqlClient client, ReservationRun run) {
    if (run.held().isEmpty()) {
      return Outbox.appendAll(client, run.events());
    }
    var held = run.held();
    var deltas = run.deltas();
    var moves = run.moves();
    return Outbox.appendAllWith(client, RESERVE_ALL, Tuple.tuple()
        .addArrayOfUUID(held.stream().map(ReservationRun.Held::orderId).toArray(UUID[]::new))
        .addArrayOfUUID(held.stream().map(ReservationRun.Held::productId).toArray(UUID[]::new))
        .addArrayOfInteger(held.stream().map(ReservationRun.Held::quantity).toArray(Integer[]::new))
        .addArrayOfUUID(deltas.keySet().toArray(UUID[]::new))
        .addArrayOfInteger(deltas.values().stream().map(d -> d[0]).toArray(Integer[]::new))
        .addArrayOfInteger(deltas.values().stream().map(d -> d[1]).toArray(Integer[]::new))
        .addArrayOfInteger(deltas.values().stream().map(d -> d[2]).toArray(Integer[]::new))
        .addArrayOfUUID(moves.stream().map(m -> Ids.next()).toArray(UUID[]::new))
        .addArrayOfUUID(moves.stream().map(m -> m.after().productId()).toArray(UUID[]::new))
        .addArrayOfInteger(moves.stream().map(m -> m.change().delta()).toArray(Integer[]::new))
        .addArrayOfInteger(moves.stream().map(m -> m.change().reservedDelta()).toArray(Integer[]::new))
        .addArrayOfString(moves.stream().map(m -> m.change().reason()).toArray(String[]::new))
        .addArrayOfUUID(moves.stream().map(ReservationRun.Move::orderId).toArray(UUID[]::new))
        .addArrayOfInteger(moves.stream().map(m -> m.after().onHand()).toArray(Integer[]::new))
        .addArrayOfInteger(moves.stream().map(m -> m.after().reserved()).toArray(Integer[]::new)), run.events())
      .mapEmpty();
  }

  Future<Void> releaseReservations(SqlClient client, UUID orderId) {
    return client.preparedQuery("UPDATE reservations SET status = 'released', updated_at = now()"
        + " WHERE order_id = $1 AND status = 'active'")
      .execute(Tuple.of(orderId)).mapEmpty();
  }

  /** Units of a locked active reservation that left as a sale; the reservation is sold once all of it shipped. */
  Future<Void> shipReserved(SqlClient client, UUID orderId, UUID productId, int units) {
    return client.preparedQuery("UPDATE reservations SET shipped = shipped + $3,"
        + " status = CASE WHEN shipped + $3 = quantity THEN 'sold' ELSE status END, updated_at = now()"
        + " WHERE order_id = $1 AND product_id = $2 AND status = 'active'")
      .execute(Tuple.of(orderId, productId, units)).mapEmpty();
  }

  /** Remembers a cancelled order; true when it was not known as cancelled before. */
  Future<Boolean> markCancelled(SqlClient client, UUID orderId) {
    return client.preparedQuery("INSERT INTO cancelled_orders (order_id) VALUES ($1) ON CONFLICT (order_id) DO NOTHING")
      .execute(Tuple.of(orderId)).map(rows -> rows.rowCount() == 1);
  }

  private static Stock stock(Row row) {
    return new Stock(row.getUUID("product_id"), row.getString("sku"),
      new Money(row.getLong("cost_amount"), row.getString("currency")), row.getInteger("on_hand"),
      row.getInteger("reserved"), row.getInteger("reorder_point"), row.getInteger("reorder_quantity"),
      row.getOffsetDateTime("updated_at"));
  }

  private static Movement movement(Row row) {
    return new Movement(row.getUUID("id"), row.getUUID("product_id"), row.getString("sku"), row.getInteger("delta"),
      row.getInteger("reserved_delta"), row.getString("reason"), row.getString("note"), row.getUUID("order_id"),
      row.getInteger("on_hand"), row.getInteger("reserved"), row.getOffsetDateTime("created_at"), row.getLong("seq"),
      row.getLong("xid_mark"));
  }
}
