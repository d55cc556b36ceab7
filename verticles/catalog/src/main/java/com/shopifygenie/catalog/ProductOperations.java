package com.shopifygenie.catalog;

import com.shopifygenie.platform.IdempotencyKeys;
import com.shopifygenie.platform.Caller;
import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.EntityTags;
import com.shopifygenie.platform.Ids;
import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Outbox;
import com.shopifygenie.platform.Page;
import com.shopifygenie.platform.PageCursor;
import com.shopifygenie.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/** createProduct, listProducts, getProduct, updateProduct of schemas/openapi/catalog.yaml. */
final class ProductOperations {

  private final Pool pool;
  private final ProductStore products;
  private final InventoryStore inventory;
  private final IdempotencyKeys idempotency;
  private final ProductLookups lookups;

  ProductOperations(Pool pool, ProductStore products, InventoryStore inventory, IdempotencyKeys idempotency,
                    ProductLookups lookups) {
    this.pool = pool;
    this.products = products;
    this.inventory = inventory;
    this.idempotency = idempotency;
    this.lookups = lookups;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of("createProduct", this::createProduct, "listProducts", this::listProducts,
      "getProduct", this::getProduct, "updateProduct", this::updateProduct);
  }

  Future<OperationResponse> createProduct(OperationRequest req) {
    var body = req.bodyObject();
    var price = money(body, "price");
    var unitCost = money(body, "unit_cost");
    if (!price.currency().equals(unitCost.currency())) {
      return Future.failedFuture(Problem.unprocessable("/unit_cost/currency", "currency",
        "The unit cost must be in the price's currency " + price.currency()));
    }
    var status = ProductStatus.fromWire(body.getString("status", "active"));
    if (status == ProductStatus.ARCHIVED) {
      return Future.failedFuture(Problem.validation("/status", "enum", "A new product is active or draft"));
    }
    return idempotency.once(req, tx -> products.insert(tx, Ids.next(), body.getString("sku"), body.getString("title"),
        body.getString("description"), price, unitCost, status)
      .compose(product -> inventory.insert(tx, product, body.getInteger("reorder_point", 0),
          body.getInteger("reorder_quantity", 0))
        .compose(stock -> Outbox.append(tx, CatalogEvents.productCreated(product, stock)))
        .map(v -> OperationResponse.created(product.toJson(), "/products/" + product.id())
          .withHeader("ETag", product.etag()))));
  }

  Future<OperationResponse> listProducts(OperationRequest req) {
    var query = req.query();
    var limit = query.getInteger("limit", 20);
    var after = PageCursor.decode(req);
    var caller = req.caller();
    var filter = new ProductStore.ProductFilter(
      query.getString("status") == null ? null : ProductStatus.fromWire(query.getString("status")),
      !caller.isStaff(), query.getString("q"));
    return products.page(pool, filter, after, limit).map(found -> {
      return OperationResponse.ok(Page.of(found, limit, product -> view(product, caller),
        last -> new PageCursor(last.createdAt(), last.id()).encode(req)));
    });
  }

  Future<OperationResponse> getProduct(OperationRequest req) {
    var id = UUID.fromString(req.pathParam("product_id"));
    var caller = req.caller();
    return lookups.byId(id).compose(found -> found
      // a customer cannot tell a draft or archived product from one that never existed
      .filter(product -> caller.isStaff() || product.status() == ProductStatus.ACTIVE)
      .map(product -> Future.succeededFuture(OperationResponse.ok(view(product, caller))
        .withHeader("ETag", product.etag())))
      .orElseGet(() -> Future.failedFuture(Problem.notFound("product", id))));
  }

  /**
   * Optimistic concurrency by ETag (RFC 9110 §13.1.1, RFC 6585 §3): the client names the
   * version it read, so two staff editing at once cannot silently overwrite each other.
   */
  Future<OperationResponse> updateProduct(OperationRequest req) {
    var id = UUID.fromString(req.pathParam("product_id"));
    var ifMatch = req.header("If-Match");
    if (ifMatch == null) {
      return Future.failedFuture(Problem.of(428, "precondition-required", "Precondition required",
        "Send If-Match with the product's ETag, as read from GET /products/" + id));
    }
    Predicate<String> holds;
    try {
      holds = EntityTags.ifMatch(ifMatch);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(Problem.validation("header.If-Match", "entity-tag",
        "If-Match is * or a list of entity tags such as \"3\": " + e.getMessage()));
    }
    var body = req.bodyObject();
    return pool.withTransaction(tx -> products.byIdForUpdate(tx, id).compose(found -> {
        if (found.isEmpty()) {
          return Future.failedFuture(Problem.notFound("product", id));
        }
        var before = found.get();
        if (!holds.test(before.etag())) {
          return Future.failedFuture(Problem.of(412, "precondition-failed", "Precondition failed",
            "The product changed since it was read: its ETag is now " + before.etag()));
        }
        var changed = changed(before, body);
        if (changed.equals(before)) {
          return Future.succeededFuture(before);
        }
        return currencyFree(tx, before, changed).compose(v -> products.update(tx, changed))
          .compose(after -> revaluation(tx, before, after).compose(revalued -> {
            var events = new ArrayList<DomainEvent>(List.of(CatalogEvents.productUpdated(after)));
            revalued.ifPresent(events::add);
            return Outbox.appendAll(tx, events).map(after);
          }));
      }))
      .map(product -> OperationResponse.ok(product.toJson()).withHeader("ETag", product.etag()));
  }

  /**
   * A new currency only for a product with nothing on hand nor reserved: accounting booked the stock
   * on hand at its cost in the old currency, and the orders holding reservations were priced in it,
   * so their costs of goods sold would be posted in one currency for units valued in another. No
   * stock change slips in before the commit: every one share-locks the product's row, which this
   * transaction holds (FOR NO KEY UPDATE), so one that began first has committed before the stock is
   * read here, and one that begins after waits and then reads the new currency.
   */
  private Future<Void> currencyFree(SqlClient tx, Product before, Product changed) {
    var from = before.price().currency();
    if (from.equals(changed.price().currency())) {
      return Future.succeededFuture();
    }
    return inventory.byProduct(tx, before.id()).compose(stock -> stock
      .filter(s -> s.onHand() > 0 || s.reserved() > 0)
      .map(s -> Future.<Void>failedFuture(Problem.conflict("/price/currency", "currency-with-stock",
        "The product has " + s.onHand() + " on hand and " + s.reserved() + " reserved, valued and priced in " + from
          + ": its currency changes only with none")))
      .orElseGet(Future::succeededFuture));
  }

  /**
   * A new unit cost of a product with stock on hand revalues that stock: the books valued it at the
   * old cost, and sell it and take it back at the new one. The stock read is the one the new cost
   * applies from, as in {@link #currencyFree}: every change of stock share-locks the product's row,
   * which this transaction holds, so none is in flight while it is read.
   */
  private Future<Optional<DomainEvent>> revaluation(SqlClient tx, Product before, Product after) {
    if (before.unitCost().equals(after.unitCost()) || !before.unitCost().currency().equals(after.unitCost().currency())) {
      return Future.succeededFuture(Optional.empty());
    }
    return inventory.byProduct(tx, after.id()).map(stock -> stock
      .filter(s -> s.onHand() != 0)
      .map(s -> CatalogEvents.stockRevalued(s, before.unitCost())));
  }

  private static Product changed(Product before, JsonObject body) {
    var price = body.containsKey("price") ? money(body, "price") : before.price();
    var unitCost = body.containsKey("unit_cost") ? money(body, "unit_cost") : before.unitCost();
    if (!price.currency().equals(unitCost.currency())) {
      throw Problem.unprocessable(body.containsKey("unit_cost") ? "/unit_cost/currency" : "/price/currency", "currency",
        "The price and the unit cost must be in one currency");
    }
    var description = body.containsKey("description") ? body.getString("description") : before.description();
    var status = body.containsKey("status") ? ProductStatus.fromWire(body.getString("status")) : before.status();
    return new Product(before.id(), before.sku(), body.getString("title", before.title()), description, price, unitCost,
      status, before.version(), before.createdAt(), before.updatedAt());
  }

  /** The money object named {@code field} of the body; a currency that is no ISO 4217 code is a 422 naming it. */
  private static Money money(JsonObject body, String field) {
    var money = Money.fromJson(body.getJsonObject(field));
    if (!money.hasIsoCurrency()) {
      throw Problem.unprocessable("/" + field + "/currency", "iso-4217", money.currency() + " is no ISO 4217 currency code");
    }
    return money;
  }

  private static JsonObject view(Product product, Caller caller) {
    return caller.isStaff() ? product.toJson() : product.toCustomerJson();
  }
}
