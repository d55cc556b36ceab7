package com.shopifygenie.catalog;

import com.shopifygenie.platform.IdempotencyKeys;
import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Page;
import com.shopifygenie.platform.PageCursor;
import com.shopifygenie.platform.Problem;
import com.shopifygenie.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** getInventory, adjustInventory, listStockMovements, listLowStock of schemas/openapi/catalog.yaml. */
final class InventoryOperations {

  private final Pool pool;
  private final InventoryStore inventory;
  private final StockLedger ledger;
  private final IdempotencyKeys idempotency;

  InventoryOperations(Pool pool, InventoryStore inventory, StockLedger ledger, IdempotencyKeys idempotency) {
    this.pool = pool;
    this.inventory = inventory;
    this.ledger = ledger;
    this.idempotency = idempotency;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of("getInventory", this::getInventory, "updateReorderSettings", this::updateReorderSettings,
      "adjustInventory", this::adjustInventory,
      "listStockMovements", this::listStockMovements, "listLowStock", this::listLowStock);
  }

  Future<OperationResponse> getInventory(OperationRequest req) {
    var id = UUID.fromString(req.pathParam("product_id"));
    return inventory.byProduct(pool, id).compose(found -> found
      .map(stock -> Future.succeededFuture(OperationResponse.ok(json(stock))))
      .orElseGet(() -> Future.failedFuture(Problem.notFound("product", id))));
  }

  Future<OperationResponse> updateReorderSettings(OperationRequest req) {
    var id = UUID.fromString(req.pathParam("product_id"));
    var body = req.bodyObject();
    return pool.withTransaction(tx -> inventory.byProductForUpdate(tx, id).compose(found -> {
        if (found.isEmpty()) {
          return Future.failedFuture(Problem.notFound("product", id));
        }
        var stock = found.get();
        return ledger.reorderAt(tx, stock, body.getInteger("reorder_point", stock.reorderPoint()),
          body.getInteger("reorder_quantity", stock.reorderQuantity()));
      }))
      .map(stock -> OperationResponse.ok(json(stock)));
  }

  /** Stock received, damaged, counted or corrected; the contract makes Idempotency-Key required here. */
  Future<OperationResponse> adjustInventory(OperationRequest req) {
    var body = req.bodyObject();
    var productId = UUID.fromString(body.getString("product_id"));
    var kind = AdjustmentKind.fromWire(body.getString("kind"));
    int quantity = body.getInteger("quantity");
    var note = body.getString("reason");
    if (!kind.accepts(quantity)) {
      return Future.failedFuture(Problem.validation("/quantity", kind.quantityRule,
        "The quantity makes no sense for " + kind.wireName() + ": " + kind.quantityMeaning));
    }
    return idempotency.once(req, tx -> inventory.byProductForUpdate(tx, productId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(Problem.notFound("product", productId));
      }
      var stock = found.get();
      var change = kind.change(quantity, stock);
      if (stock.overflows(change)) {
        return Future.failedFuture(Problem.conflict("/quantity", "stock-limit", "On hand of " + stock.sku() + " would be "
          + stock.onHandAfter(change) + ", more than the " + Stock.MOST_UNITS + " units a product's stock holds"));
      }
      if (!stock.allows(change)) {
        return Future.failedFuture(insufficient(stock, change));
      }
      if (stock.outvalues(change)) {
        return Future.failedFuture(Problem.conflict("/quantity", "value-limit", Math.abs((long) change.delta())
          + " units of " + stock.sku() + " at its unit cost of " + stock.unitCost().amount()
          + " are worth more than the books can post (" + Long.MAX_VALUE + " minor units)"));
      }
      return ledger.record(tx, stock, change, null, note)
        .map(recorded -> new OperationResponse(201, new JsonObject(), new JsonObject()
          .put("movement", recorded.movement().toJson()).put("inventory", json(recorded.stock()))));
    }));
  }

  /**
   * The ledger in the order its movements were applied: a product's by its inventory row's lock,
   * the whole ledger by the order no later commit can come before (see InventoryStore#movements).
   */
  Future<OperationResponse> listStockMovements(OperationRequest req) {
    var query = req.query();
    var limit = query.getInteger("limit", 20);
    var productId = query.getString("product_id") == null ? null : UUID.fromString(query.getString("product_id"));
    var after = LedgerCursor.decode(query.getString("cursor"), productId);
    var from = req.queryTime("from");
    var to = req.queryTime("to");
    if (from != null && to != null && to.isBefore(from)) {
      return Future.failedFuture(Problem.validation("query.to", "not-before-from", "to must be on or after from"));
    }
    var found = productId == null ? inventory.movements(pool, from, to, after, limit)
      : inventory.movementsOf(pool, productId, from, to, after.seq(), limit);
    return found.map(movements -> OperationResponse.ok(Page.of(movements, limit, Movement::toJson,
      last -> LedgerCursor.after(last, productId != null).encode())));
  }

  /** Ordered by product id alone: the cursor carries no time. */
  Future<OperationResponse> listLowStock(OperationRequest req) {
    var query = req.query();
    var limit = query.getInteger("limit", 20);
    var after = PageCursor.decode(req);
    return inventory.low(pool, after, limit)
      .map(found -> OperationResponse.ok(Page.of(found, limit, InventoryOperations::json,
        last -> PageCursor.afterId(last.productId()).encode(req))));
  }

  /** Not enough stock for the change: on_hand &gt;= reserved &gt;= 0 would break. */
  private static Problem insufficient(Stock stock, StockChange change) {
    return Problem.of(409, "insufficient-stock", "Insufficient stock", "Not enough stock of " + stock.sku()
      + ": on hand would be " + stock.onHandAfter(change) + " with " + ((long) stock.reserved() + change.reservedDelta())
      + " reserved");
  }

  private static JsonObject json(Stock stock) {
    return new JsonObject().put("product_id", stock.productId().toString()).put("sku", stock.sku())
      .put("on_hand", stock.onHand()).put("reserved", stock.reserved()).put("available", stock.available())
      .put("reorder_point", stock.reorderPoint()).put("reorder_quantity", stock.reorderQuantity())
      .put("updated_at", Times.format(stock.updatedAt()));
  }
}
