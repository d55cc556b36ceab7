package com.shopifygenie.orders;

import com.shopifygenie.platform.Caller;
import com.shopifygenie.platform.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.util.UUID;
import java.util.function.Supplier;

/** Who may see an order, and how the operations answer what the order's rules refuse. */
final class OrderAccess {

  private OrderAccess() {}

  /** The order locked for a step of its life; another customer's order is not found. */
  static Future<Order> locked(OrderStore orders, SqlClient tx, UUID id, Caller caller) {
    return orders.lock(tx, id).compose(found -> found.filter(o -> visibleTo(o, caller)).map(Future::succeededFuture)
      .orElseGet(() -> Future.failedFuture(Problem.notFound("order", id))));
  }

  /** The order as it reads now, for lists of its payments, shipments and refunds. */
  static Future<Order> visible(OrderStore orders, SqlClient client, UUID id, Caller caller) {
    return orders.byId(client, id).compose(found -> found.filter(o -> visibleTo(o, caller)).map(Future::succeededFuture)
      .orElseGet(() -> Future.failedFuture(Problem.notFound("order", id))));
  }

  /** Another customer's order does not exist, as far as a customer can tell. */
  static boolean visibleTo(Order order, Caller caller) {
    return caller.isStaff() || order.customerId().equals(caller.userId());
  }

  /** A step the order's status does not allow: a 409 that names the status. */
  static Problem illegal(Order order, String step) {
    return Problem.conflict("A " + order.status().wireName() + " order cannot " + step);
  }

  static Problem problem(Refusal refusal) {
    return refusal.conflict ? Problem.conflict(refusal.field, refusal.rule, refusal.getMessage())
      : Problem.unprocessable(refusal.field, refusal.rule, refusal.getMessage());
  }

  /** Runs a rule of the domain; its refusal becomes the problem that answers the request. */
  static <T> Future<T> checked(Supplier<T> rule) {
    try {
      return Future.succeededFuture(rule.get());
    } catch (Refusal refusal) {
      return Future.failedFuture(problem(refusal));
    }
  }
}
