package com.shopifygenie.orders;

import com.shopifygenie.platform.IdempotencyKeys;
import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** createRefund, listRefunds and getRefund of schemas/openapi/orders.yaml. */
final class RefundOperations {

  private final Pool pool;
  private final OrderStore orders;
  private final PaymentStore payments;
  private final RefundStore refunds;
  private final Refunder refunder;
  private final IdempotencyKeys idempotency;

  RefundOperations(Pool pool, OrderStore orders, PaymentStore payments, RefundStore refunds, Refunder refunder,
                   IdempotencyKeys idempotency) {
    this.pool = pool;
    this.orders = orders;
    this.payments = payments;
    this.refunds = refunds;
    this.refunder = refunder;
    this.idempotency = idempotency;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of("createRefund", this::createRefund, "listRefunds", this::listRefunds, "getRefund", this::getRefund);
  }

  /** Refunds shipped lines (restocked or not) or an amount; never more than paid minus refunded. */
  Future<OperationResponse> createRefund(OperationRequest req) {
    var id = UUID.fromString(req.pathParam("order_id"));
    var body = req.bodyObject();
    var amount = body.getJsonObject("amount");
    var requested = body.getJsonArray("lines");
    var wanted = requested == null ? List.<Refunds.Requested>of() : requested.stream().map(JsonObject.class::cast)
      .map(l -> new Refunds.Requested(l.getString("sku"), l.getInteger("quantity"), l.getBoolean("restock", false)))
      .toList();
    return idempotency.once(req, tx -> OrderAccess.locked(orders, tx, id, req.caller())
      .compose(order -> !order.status().canRefund() ? Future.failedFuture(OrderAccess.illegal(order, "be refunded"))
        : order.paid() == 0 ? Future.failedFuture(OrderAccess.illegal(order, "be refunded: it was never paid"))
        : orders.lines(tx, id).map(order::with))
      .compose(order -> {
        // checked once the order is known refundable: the state answers first, as for every step of an order
        if ((amount == null) == (requested == null)) {
          return Future.failedFuture(Problem.validation("/lines", "lines-or-amount",
            "A refund names either lines or an amount, not both nor neither"));
        }
        if (amount != null && !amount.getString("currency").equals(order.currency())) {
          return Future.failedFuture(Problem.unprocessable("/amount/currency", "order-currency",
            "The order was paid in " + order.currency()));
        }
        return OrderAccess.checked(() -> {
          var lines = Refunds.byLines(order.lines(), wanted);
          var total = amount == null ? Refunds.total(lines) : amount.getLong("amount");
          Refunds.check(order, order.lines(), total, amount == null ? "/lines" : "/amount/amount");
          return new Plan(lines, total);
        }).compose(plan -> refund(tx, order, plan, body.getString("reason")));
      }));
  }

  private record Plan(List<Refund.Line> lines, long amount) {}

  private Future<OperationResponse> refund(SqlConnection tx, Order order, Plan plan, String reason) {
    return payments.succeeded(tx, order.id())
      .compose(payment -> refunder.refund(tx, order, payment.orElseThrow(), plan.lines(), plan.amount(), reason,
        Refund.REFUND))
      .compose(done -> orders.transition(tx, order, order.status().afterRefund(done.after().refunded() == done.after().paid()),
          "refund of " + plan.amount() + " " + order.currency() + ": " + reason, null)
        .map(v -> OperationResponse.created(done.refund().toJson(), "/orders/" + order.id() + "/refunds/" + done.refund().id())));
  }

  Future<OperationResponse> listRefunds(OperationRequest req) {
    var id = UUID.fromString(req.pathParam("order_id"));
    return OrderAccess.visible(orders, pool, id, req.caller()).compose(order -> refunds.byOrder(pool, id))
      .map(found -> OperationResponse.ok(new JsonObject().put("items",
        new JsonArray(found.stream().map(Refund::toJson).toList()))));
  }

  Future<OperationResponse> getRefund(OperationRequest req) {
    var orderId = UUID.fromString(req.pathParam("order_id"));
    var id = UUID.fromString(req.pathParam("refund_id"));
    return OrderAccess.visible(orders, pool, orderId, req.caller()).compose(order -> refunds.byId(pool, orderId, id))
      .compose(found -> found.map(refund -> Future.succeededFuture(OperationResponse.ok(refund.toJson())))
        .orElseGet(() -> Future.failedFuture(Problem.notFound("refund", id))));
  }
}
