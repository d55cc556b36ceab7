package com.shopifygenie.orders;

import com.shopifygenie.platform.IdempotencyKeys;
import com.shopifygenie.platform.Ids;
import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Outbox;
import com.shopifygenie.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** createPayment and listPayments of schemas/openapi/orders.yaml. */
final class PaymentOperations {

  private final Pool pool;
  private final OrderStore orders;
  private final PaymentStore payments;
  private final IdempotencyKeys idempotency;
  private final Map<String, PaymentProvider> providers;
  private final Clock clock;

  PaymentOperations(Pool pool, OrderStore orders, PaymentStore payments, IdempotencyKeys idempotency,
                    Map<String, PaymentProvider> providers, Clock clock) {
    this.pool = pool;
    this.orders = orders;
    this.payments = payments;
    this.idempotency = idempotency;
    this.providers = providers;
    this.clock = clock;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of("createPayment", this::createPayment, "listPayments", this::listPayments);
  }

  /**
   * Charges the order's total. A decline is answered 402 and a processing error 502, and either
   * is recorded with its payment.failed event like a success with its payment.processed: the
   * attempt happened. The Idempotency-Key's request fingerprint is taken without the card number
   * and CVC, so not even their digest is stored.
   */
  Future<OperationResponse> createPayment(OperationRequest req) {
    var id = UUID.fromString(req.pathParam("order_id"));
    var body = req.bodyObject();
    var provider = providers.get(body.getString("provider", TestPaymentProvider.NAME));
    var amount = body.getJsonObject("amount");
    var c = body.getJsonObject("card");
    Card card;
    try {
      card = Card.of("/card", c.getString("number"), c.getString("cvc"), c.getInteger("exp_month"),
        c.getInteger("exp_year"), YearMonth.now(clock));
    } catch (Refusal r) {
      return Future.failedFuture(Problem.validation(r.field, r.rule, r.getMessage()));
    }
    var fingerprinted = new OperationRequest(req.operationId(), req.path(), req.query(), req.headers(),
      body.copy().put("card", card.method().toJson()), req.caller(), req.decideByNanos());
    return idempotency.once(fingerprinted, tx -> OrderAccess.locked(orders, tx, id, req.caller())
      .compose(order -> payable(order, amount))
      .compose(order -> orders.lines(tx, id).compose(lines -> provider.charge(card, order.total(), order.currency())
        .compose(charge -> record(tx, order, lines, card, provider, charge)))));
  }

  /** Only a confirmed order is payable, and only for its total. */
  private static Future<Order> payable(Order order, JsonObject amount) {
    if (order.status() != OrderStatus.CONFIRMED) {
      return Future.failedFuture(OrderAccess.illegal(order, "be paid: only a confirmed order is payable"));
    }
    if (amount.getLong("amount") != order.total() || !amount.getString("currency").equals(order.currency())) {
      return Future.failedFuture(Problem.unprocessable("/amount", "order-total", "The payment must be the order's total, "
        + order.total() + " " + order.currency()));
    }
    return Future.succeededFuture(order);
  }

  private Future<OperationResponse> record(SqlConnection tx, Order order, List<Order.Line> lines, Card card,
                                           PaymentProvider provider, PaymentProvider.Charge charge) {
    var attempt = new Payment(Ids.next(), order.id(), provider.name(), charge.reference(), charge.succeeded(),
      charge.failureReason(), order.total(), order.currency(), card.method(), null);
    return payments.insert(tx, attempt).compose(payment -> {
      if (!charge.succeeded()) {
        return Outbox.append(tx, OrdersEvents.paymentFailed(order, payment, charge.retryable()))
          .map(v -> refused(payment, charge).toResponse());
      }
      var method = payment.method();
      return orders.paid(tx, order.id(), payment.amount())
        .compose(v -> orders.transition(tx, order, OrderStatus.PAID, "paid by " + method.brand() + " card ending "
          + method.last4(), null))
        .compose(v -> Outbox.append(tx, OrdersEvents.paymentProcessed(order, payment, lines)))
        .map(v -> new OperationResponse(201, new JsonObject(), payment.toJson()));
    });
  }

  /** The answer to a charge that failed; the order stays payable. */
  private static Problem refused(Payment payment, PaymentProvider.Charge charge) {
    var detail = "Payment " + payment.id() + " failed (" + charge.failureReason() + "); the order is still payable";
    return charge.retryable() ? Problem.of(502, "payment-processing-error", "Payment processing error",
      detail + ": retry with a new Idempotency-Key")
      : Problem.of(402, "payment-declined", "Payment declined", detail + " with another card");
  }

  Future<OperationResponse> listPayments(OperationRequest req) {
    var id = UUID.fromString(req.pathParam("order_id"));
    return OrderAccess.visible(orders, pool, id, req.caller()).compose(order -> payments.byOrder(pool, id))
      .map(found -> OperationResponse.ok(new JsonObject().put("items",
        new JsonArray(found.stream().map(Payment::toJson).toList()))));
  }
}
