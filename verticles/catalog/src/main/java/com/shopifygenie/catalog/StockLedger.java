package com.shopifygenie.catalog;

import com.shopifygenie.platform.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.util.UUID;

/**
 * The one way stock changes: the inventory row, its ledger row, stock.adjusted and (on a
 * crossing of the reorder point) stock.low, all in the caller's transaction; and the one way
 * reorder settings change, announced by stock.reorder_settings_changed. Because nothing
 * else writes inventory, on_hand and reserved always equal the sums of the ledger's deltas.
 */
final class StockLedger {

  private final InventoryStore inventory;

  StockLedger(InventoryStore inventory) {
    this.inventory = inventory;
  }

  /** Records a change the stock {@link Stock#allows} of a row locked in this transaction. */
  Future<Recorded> record(SqlClient tx, Stock before, StockChange change, UUID orderId, String note) {
    var after = before.after(change);
    return inventory.apply(tx, before, change, orderId, note)
      .compose(movement -> Outbox.append(tx, CatalogEvents.stockAdjusted(after, change, orderId))
        .compose(v -> before.crossesReorderPoint(after) ? Outbox.append(tx, CatalogEvents.stockLow(after))
          : Future.succeededFuture())
        .map(v -> new Recorded(movement, after.at(movement.createdAt()))));
  }

  /**
   * New reorder settings of a row locked in this transaction, announced when they changed;
   * raising the point above what is available is a crossing too.
   */
  Future<Stock> reorderAt(SqlClient tx, Stock before, int reorderPoint, int reorderQuantity) {
    var changed = reorderPoint != before.reorderPoint() || reorderQuantity != before.reorderQuantity();
    return inventory.updateSettings(tx, before, reorderPoint, reorderQuantity)
      .compose(after -> (changed ? Outbox.append(tx, CatalogEvents.reorderSettingsChanged(after))
          : Future.<Void>succeededFuture())
        .compose(v -> before.crossesReorderPoint(after) ? Outbox.append(tx, CatalogEvents.stockLow(after))
          : Future.<Void>succeededFuture())
        .map(after));
  }

  /** A recorded change: its ledger row and the stock after it. */
  record Recorded(Movement movement, Stock stock) {}
}
