package com.shopifygenie.orders;

import com.shopifygenie.platform.Caller;
import com.shopifygenie.platform.IdempotencyKeys;
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
import io.vertx.sqlclient.SqlConnection;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** One method per operationId of schemas/openapi/orders.yaml (the dead-letter ones come from the platform). */
final class OrderOperations {

  private final Pool pool;
  private final OrderStore orders;
  private final PriceListStore priceList;
  private final CustomerStore customers;
  private final IdempotencyKeys idempotency;
  private final Intake intake;

  OrderOperations(Pool pool, OrderStore orders, PriceListStore priceList, CustomerStore customers,
                  IdempotencyKeys idempotency, Intake intake) {
    this.pool = pool;
    this.orders = orders;
    this.priceList = priceList;
    this.customers = customers;
    this.idempotency = idempotency;
    this.intake = intake;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of(
      "createOrder", this::createOrder,
      "listOrders", this::listOrders,
      "getOrder", this::getOrder,
      "cancelOrder", this::cancelOrder);
  }

  /**
   * The Idempotency-Key is looked up before anything is checked against the price list or the
   * customers: a retry answers what the first request answered, whatever changed since. Before
   * all of it, the intake refuses new orders while the event pipeline is too far behind.
   */
  Future<OperationResponse> createOrder(OperationRequest req) {
    return intake.admit().compose(v -> takeOrder(req));
  }

  private Future<OperationResponse> takeOrder(OperationRequest req) {
    var body = req.bodyObject();
    var customerId = customerOf(req.caller(), body.getString("customer_id"));
    var requested = body.getJsonArray("lines").stream().map(JsonObject.class::cast)
      .map(l -> new Pricing.RequestedLine(l.getString("sku"), l.getInteger("quantity"))).toList();
    return idempotency.once(req, tx -> orderable(tx, req.caller(), customerId)
      .compose(v -> priceList.bySkus(tx, requested.stream().map(Pricing.RequestedLine::sku).toList()))
      .compose(listed -> price(requested, listed))
      .compose(priced -> orders.insert(tx, Ids.next(), customerId, req.caller().userId(), priced))
      .compose(order -> Outbox.append(tx, OrdersEvents.created(order))
        .map(v -> OperationResponse.created(order.toJson(), "/orders/" + order.id()))));
  }

  /**
   * Staff order only for a customer this domain knows from user.registered. A customer orders
   * for itself even before its own registration event arrived (its valid token proves it
   * exists), and is remembered from then on.
   */
  private Future<Void> orderable(SqlConnection tx, Caller caller, UUID customerId) {
    if (!caller.isStaff()) {
      return customers.add(tx, customerId);
    }
    return customers.exists(tx, customerId).compose(known -> known ? Future.<Void>succeededFuture()
      : Future.failedFuture(Problem.unprocessable("/customer_id", "known-customer", "No customer " + customerId
        + " is registered")));
  }

  private static Future<Pricing.PricedOrder> price(List<Pricing.RequestedLine> requested,
                                                   Map<String, Pricing.ListedProduct> listed) {
    try {
      return Future.succeededFuture(Pricing.price(requested, listed));
    } catch (Pricing.Refusal r) {
      return Future.failedFuture(Problem.unprocessable(r.field, r.rule, r.getMessage()));
    } catch (ArithmeticException tooLarge) {
      return Future.failedFuture(Problem.unprocessable("/lines", "total", "The order total is too large"));
    }
  }

  Future<OperationResponse> getOrder(OperationRequest req) {
    var id = UUID.fromString(req.pathParam("order_id"));
    return orders.byId(pool, id).compose(found -> found.filter(o -> visibleTo(o, req.caller()))
      .map(o -> Future.succeededFuture(OperationResponse.ok(o.toJson())))
      .orElseGet(() -> Future.failedFuture(Problem.notFound("order", id))));
  }

  Future<OperationResponse> listOrders(OperationRequest req) {
    var query = req.query();
    var limit = query.getInteger("limit", 20);
    var after = PageCursor.decode(query.getString("cursor"));
    var customer = req.caller().isStaff()
      ? (query.getString("customer_id") == null ? null : UUID.fromString(query.getString("customer_id")))
      : req.caller().userId();
    var filter = new OrderStore.OrderFilter(customer,
      query.getString("status") == null ? null : OrderStatus.fromWire(query.getString("status")),
      req.queryTime("created_from"), req.queryTime("created_to"));
    return orders.page(pool, filter, after, limit)
      .map(found -> OperationResponse.ok(Page.of(found, limit, Order::toJson,
        last -> new PageCursor(last.createdAt(), last.id()).encode())));
  }

  Future<OperationResponse> cancelOrder(OperationRequest req) {
    var id = UUID.fromString(req.pathParam("order_id"));
    var reason = req.bodyObject().getString("reason");
    return pool.withTransaction(tx -> orders.lock(tx, id).compose(found -> {
        var order = found.filter(o -> visibleTo(o, req.caller())).orElse(null);
        if (order == null) {
          return Future.failedFuture(Problem.notFound("order", id));
        }
        if (!order.status().canBecome(OrderStatus.CANCELLED)) {
          return Future.failedFuture(Problem.conflict("A " + order.status().wireName() + " order cannot be cancelled"));
        }
        var cause = "cancelled by " + (req.caller().isStaff() ? "staff" : "the customer")
          + (reason == null ? "" : ": " + reason);
        return orders.transition(tx, order, OrderStatus.CANCELLED, cause, null)
          .compose(v -> orders.lines(tx, id))
          .compose(lines -> Outbox.append(tx, OrdersEvents.cancelled(order, lines)))
          .compose(v -> orders.byId(tx, id));
      }))
      .map(order -> OperationResponse.ok(order.orElseThrow().toJson()));
  }

  /** Customers order for themselves; staff name the customer. */
  private static UUID customerOf(Caller caller, String requested) {
    if (caller.isStaff()) {
      if (requested == null) {
        throw Problem.validation("/customer_id", "required", "Staff must name the customer the order is for");
      }
      return UUID.fromString(requested);
    }
    if (requested != null && !requested.equals(caller.userId().toString())) {
      throw Problem.forbidden("A customer orders only for itself");
    }
    return caller.userId();
  }

  /** Another customer's order does not exist, as far as a customer can tell. */
  private static boolean visibleTo(Order order, Caller caller) {
    return caller.isStaff() || order.customerId().equals(caller.userId());
  }
}
