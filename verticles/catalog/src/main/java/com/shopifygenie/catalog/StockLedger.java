package com.shopifygenie.catalog;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;

import java.util.UUID;

/**
 * The one way stock changes: the inventory row, its ledger row, stock.adjusted and (on a
 * crossing of the reorder point) stock.low, all in the caller's transaction. Because nothing
 * else writes inventory, on_hand and reserved always equal the sums of the ledger's deltas.
 */
final class StockLedger {

  static final String DOMAIN = "catalog";

  private final InventoryStore inventory;

  StockLedger(InventoryStore inventory) {
    this.inventory = inventory;
  }

  /** Records a change of a row locked in this transaction; fails with 409 insufficient-stock if it cannot be. */
  Future<Recorded> record(SqlClient tx, Stock before, StockChange change, UUID orderId, String note) {
    final Stock after;
    try {
      after = before.after(change);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return inventory.apply(tx, before, change, orderId, note)
      .compose(movement -> Outbox.append(tx, adjusted(after, change, orderId))
        .compose(v -> before.crossesReorderPoint(after) ? Outbox.append(tx, low(after)) : Future.succeededFuture())
        .map(v -> new Recorded(movement, after.at(movement.createdAt()))));
  }

  /** New reorder settings of a row locked in this transaction; raising the point above what is available is a crossing too. */
  Future<Stock> reorderAt(SqlClient tx, Stock before, int reorderPoint, int reorderQuantity) {
    return inventory.updateSettings(tx, before, reorderPoint, reorderQuantity)
      .compose(after -> (before.crossesReorderPoint(after) ? Outbox.append(tx, low(after)) : Future.<Void>succeededFuture())
        .map(after));
  }

  /** A recorded change: its ledger row and the stock after it. */
  record Recorded(Movement movement, Stock stock) {}

  private static DomainEvent adjusted(Stock after, StockChange change, UUID orderId) {
    var data = new JsonObject().put("product_id", after.productId().toString()).put("sku", after.sku())
      .put("delta", change.delta()).put("reserved_delta", change.reservedDelta()).put("reason", change.reason());
    if (orderId != null) {
      data.put("order_id", orderId.toString());
    }
    data.put("on_hand", after.onHand()).put("reserved", after.reserved()).put("available", after.available());
    return DomainEvent.of(DOMAIN, "stock.adjusted", after.productId(), data);
  }

  private static DomainEvent low(Stock after) {
    return DomainEvent.of(DOMAIN, "stock.low", after.productId(), new JsonObject()
      .put("product_id", after.productId().toString()).put("sku", after.sku()).put("available", after.available())
      .put("reorder_point", after.reorderPoint()).put("reorder_quantity", after.reorderQuantity()));
  }
}
