package com.shopifygenie.catalog;

import com.shopifygenie.platform.IdempotencyKeys;
import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Page;
import com.shopifygenie.platform.PageCursor;
import com.shopifygenie.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
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
      .map(stock -> Future.succeededFuture(OperationResponse.ok(stock.toJson())))
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
      .map(stock -> OperationResponse.ok(stock.toJson()));
  }

  /** Stock received, damaged, counted or corrected; the contract makes Idempotency-Key required here. */
  Future<OperationResponse> adjustInventory(OperationRequest req) {
    var body = req.bodyObject();
    var productId = UUID.fromString(body.getString("product_id"));
    var kind = AdjustmentKind.fromWire(body.getString("kind"));
    int quantity = body.getInteger("quantity");
    var note = body.getString("reason");
    return idempotency.once(req, tx -> inventory.byProductForUpdate(tx, productId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(Problem.notFound("product", productId));
      }
      var stock = found.get();
      return ledger.record(tx, stock, kind.change(quantity, stock), null, note)
        .map(recorded -> new OperationResponse(201, new JsonObject(), new JsonObject()
          .put("movement", recorded.movement().toJson()).put("inventory", recorded.stock().toJson())));
    }));
  }

  Future<OperationResponse> listStockMovements(OperationRequest req) {
    var query = req.query();
    var limit = query.getInteger("limit", 20);
    var after = PageCursor.decode(query.getString("cursor"));
    var productId = query.getString("product_id") == null ? null : UUID.fromString(query.getString("product_id"));
    var from = time(query, "from");
    var to = time(query, "to");
    return inventory.movements(pool, productId, from, to, after, limit).map(found -> {
      return OperationResponse.ok(Page.of(found, limit, movement -> movement.toJson(),
        last -> new PageCursor(last.createdAt(), last.id()).encode()));
    });
  }

  Future<OperationResponse> listLowStock(OperationRequest req) {
    var query = req.query();
    var limit = query.getInteger("limit", 20);
    var after = lowStockCursor(query.getString("cursor"));
    return inventory.low(pool, after, limit).map(found -> {
      return OperationResponse.ok(Page.of(found, limit, stock -> stock.toJson(), last -> Base64.getUrlEncoder()
        .withoutPadding().encodeToString(last.productId().toString().getBytes(StandardCharsets.US_ASCII))));
    });
  }

  private static UUID lowStockCursor(String cursor) {
    if (cursor == null) {
      return null;
    }
    try {
      return UUID.fromString(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw Problem.validation("query.cursor", "format", "The cursor is not one this API returned");
    }
  }

  private static OffsetDateTime time(JsonObject query, String name) {
    var value = query.getString(name);
    try {
      return value == null ? null : OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw Problem.validation("query." + name, "format", name + " must be an RFC 3339 date-time");
    }
  }
}
