package com.shopifygenie.orders;

import com.shopifygenie.platform.Caller;
import com.shopifygenie.platform.IdempotencyKeys;
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
  private final OrderTaker taker;
  private final IdempotencyKeys idempotency;
  private final Intake intake;
  private final PaymentStore payments;
  private final Refunder refunder;

  OrderOperations(Pool pool, OrderStore orders, OrderTaker taker, IdempotencyKeys idempotency, Intake intake,
                  PaymentStore payments, Refunder refunder) {
    this.payments = payments;
    this.refunder = refunder;
    this.pool = pool;
    this.orders = orders;
    this.taker = taker;
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
    return intake.admit().compose(v -> intake.paced()).compose(v -> takeOrder(req));
  }

  /** Without an Idempotency-Key the order is taken with those that come in with it (OrderTaker). */
  private Future<OperationResponse> takeOrder(OperationRequest req) {
    var body = req.bodyObject();
    var asked = new OrderTaker.Asked(customerOf(req.caller(), body.getString("customer_id")),
      body.getJsonArray("lines").stream().map(JsonObject.class::cast)
        .map(l -> new Pricing.RequestedLine(l.getString("sku"), l.getInteger("quantity"))).toList(),
      req.caller());
    return (req.header(IdempotencyKeys.HEADER) == null
      ? taker.take(asked).map(OrderOperations::created)
      : idempotency.once(req, tx -> taker.takeIn(tx, asked).map(OrderOperations::created)));
  }

  private static OperationResponse created(Order placed) {
    return OperationResponse.created(placed.toJson(), "/orders/" + placed.id());
  }

  Future<OperationResponse> getOrder(OperationRequest req) {
    var id = UUID.fromString(req.pathParam("order_id"));
    return orders.byId(pool, id).compose(found -> found.filter(o -> OrderAccess.visibleTo(o, req.caller()))
      .map(o -> Future.succeededFuture(OperationResponse.ok(o.toJson())))
      .orElseGet(() -> Future.failedFuture(Problem.notFound("order", id))));
  }

  Future<OperationResponse> listOrders(OperationRequest req) {
    var query = req.query();
    var limit = query.getInteger("limit", 20);
    var after = PageCursor.decode(req);
    var named = query.getString("customer_id") == null ? null : UUID.fromString(query.getString("customer_id"));
    if (!req.caller().isStaff() && named != null && !named.equals(req.caller().userId())) {
      // a customer's list holds its own orders only: of another customer's, none
      return Future.succeededFuture(OperationResponse.ok(Page.of(List.<Order>of(), limit, Order::toJson, last -> "")));
    }
    var from = req.queryTime("created_from");
    var to = req.queryTime("created_to");
    if (from != null && to != null && to.isBefore(from)) {
      return Future.failedFuture(Problem.validation("query.created_to", "not-before-from",
        "created_to must be on or after created_from"));
    }
    var customer = req.caller().isStaff() ? named : req.caller().userId();
    var filter = new OrderStore.OrderFilter(customer,
      query.getString("status") == null ? null : OrderStatus.fromWire(query.getString("status")), from, to);
    return orders.page(pool, filter, after, limit)
      .map(found -> OperationResponse.ok(Page.of(found, limit, Order::toJson,
        last -> new PageCursor(last.createdAt(), last.id()).encode(req))));
  }

  /**
   * Cancels an order before it shipped in full, whatever was refunded of it meanwhile (a refund's
   * 409 sends the client here for units that did not ship). What the customer paid for those
   * units goes back through the provider, up to what is still refundable (order.refunded, cause
   * cancellation); then order.cancelled lists them, and catalog releases what it still reserves
   * for the order. A shipped unit is never cancelled, only refunded.
   */
  Future<OperationResponse> cancelOrder(OperationRequest req) {
    var id = UUID.fromString(req.pathParam("order_id"));
    var reason = req.bodyObject().getString("reason");
    var cause = "cancelled by " + (req.caller().isStaff() ? "staff" : "the customer") + (reason == null ? "" : ": " + reason);
    return pool.withTransaction(tx -> OrderAccess.locked(orders, tx, id, req.caller())
        .compose(order -> orders.lines(tx, id).map(order::with))
        .compose(order -> order.cancellable() ? Future.succeededFuture(order)
          : Future.failedFuture(OrderAccess.illegal(order, "be cancelled")))
        .compose(order -> refundUnshipped(tx, order, reason == null ? "order cancelled" : reason)
          .compose(refunded -> orders.transition(tx, order, OrderStatus.CANCELLED, cause + refunded, null))
          .compose(v -> Outbox.append(tx, OrdersEvents.cancelled(order, order.lines())))
          .compose(v -> orders.byId(tx, id))))
      .map(order -> OperationResponse.ok(order.orElseThrow().toJson()));
  }

  /** Refunds what was paid for the units that did not ship; answers what the history says of it. */
  private Future<String> refundUnshipped(SqlConnection tx, Order order, String reason) {
    if (order.paid() == 0) {
      return Future.succeededFuture("");
    }
    var lines = Refunds.cancellation(order, order.lines());
    var amount = Refunds.total(lines);
    if (amount == 0) {
      return Future.succeededFuture("");
    }
    return payments.succeeded(tx, order.id())
      .compose(payment -> refunder.refund(tx, order, payment.orElseThrow(), lines, amount, reason, Refund.CANCELLATION))
      .map(done -> "; refunded " + amount + " " + order.currency());
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
}
