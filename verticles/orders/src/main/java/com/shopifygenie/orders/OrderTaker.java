package com.shopifygenie.orders;

import com.shopifygenie.platform.Batches;
import com.shopifygenie.platform.Caller;
import com.shopifygenie.platform.Ids;
import com.shopifygenie.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Takes new orders: checks whom each is for, prices it from the price list, and writes it with the
 * event that reports it. Orders that come in while others are being written are taken together,
 * on one connection, with one price lookup and one statement that commits them all: under load an
 * order then costs a fraction of a round trip and of a commit, and an order of a quiet shop is
 * still taken at once, alone.
 */
final class OrderTaker {

  /** An order as asked for: for whom, what, and who asks. */
  record Asked(UUID customerId, List<Pricing.RequestedLine> lines, Caller caller) {}

  private final Pool pool;
  private final OrderStore orders;
  private final PriceListStore priceList;
  private final CustomerStore customers;
  private final Batches<Asked, Order> batches;

  OrderTaker(Pool pool, OrderStore orders, PriceListStore priceList, CustomerStore customers, int batchesInFlight) {
    this.pool = pool;
    this.orders = orders;
    this.priceList = priceList;
    this.customers = customers;
    this.batches = new Batches<>(batchesInFlight, 100,
      batch -> pool.withConnection(connection -> takeAll(connection, batch)));
  }

  /** Takes the order with those that come in at the same time; it committed when this succeeds. */
  Future<Order> take(Asked asked) {
    return batches.submit(asked);
  }

  /** Takes the order in the caller's transaction, alone (one that stores an Idempotency-Key's answer). */
  Future<Order> takeIn(SqlClient tx, Asked asked) {
    var alone = new Batches.Waiting<Asked, Order>(asked, Promise.promise());
    return takeAll(tx, List.of(alone)).compose(v -> alone.answer().future());
  }

  /**
   * Answers every order of the batch: refused (a 422 for its customer or its lines), or taken.
   * The customer checks and the price lookup go out together; then one statement takes every
   * order that passed, with its event, committing by itself on a connection of the pool.
   */
  private Future<Void> takeAll(SqlClient client, List<Batches.Waiting<Asked, Order>> batch) {
    var checks = batch.stream().map(waiting -> orderable(client, waiting.request())
      .onFailure(refused -> waiting.answer().fail(refused))).toList();
    var skus = batch.stream().flatMap(waiting -> waiting.request().lines().stream())
      .map(Pricing.RequestedLine::sku).distinct().toList();
    return Future.join(checks).otherwiseEmpty().compose(checked -> priceList.bySkus(client, skus)).compose(listed -> {
      var takings = new ArrayList<OrderStore.Taking>(batch.size());
      var answers = new ArrayList<Promise<Order>>(batch.size());
      for (var waiting : batch) {
        if (waiting.answer().future().isComplete()) {
          continue;
        }
        var asked = waiting.request();
        try {
          var order = Order.taken(Ids.next(), asked.customerId(), Pricing.price(asked.lines(), listed));
          takings.add(new OrderStore.Taking(order, asked.caller().userId(), !asked.caller().isStaff(),
            OrdersEvents.created(order)));
          answers.add(waiting.answer());
        } catch (Refusal r) {
          waiting.answer().fail(Problem.unprocessable(r.field, r.rule, r.getMessage()));
        } catch (ArithmeticException tooLarge) {
          waiting.answer().fail(Problem.unprocessable("/lines", "total", "The order total is too large"));
        }
      }
      if (takings.isEmpty()) {
        return Future.succeededFuture();
      }
      return orders.takeAll(client, takings).map(placedAt -> {
        for (int i = 0; i < takings.size(); i++) {
          answers.get(i).complete(takings.get(i).order().placedAt(placedAt));
        }
        return null;
      });
    });
  }

  /**
   * Staff order only for a user this domain knows as a customer from auth's user.registered and
   * user.role_changed: never for staff or a super admin, themselves included, nor for an account
   * auth's user.status_changed said is disabled. A customer orders for itself even before its own
   * registration event arrived (its valid token proves it exists), and is remembered from then on,
   * by the statement that takes the order.
   */
  private Future<Void> orderable(SqlClient client, Asked asked) {
    if (!asked.caller().isStaff()) {
      return Future.succeededFuture();
    }
    var customerId = asked.customerId();
    return customers.standing(client, customerId).compose(standing -> switch (standing) {
      case ORDERABLE -> Future.<Void>succeededFuture();
      case DISABLED -> Future.failedFuture(Problem.unprocessable("/customer_id", "active-customer",
        "The account of customer " + customerId + " is disabled"));
      case UNKNOWN -> Future.failedFuture(Problem.unprocessable("/customer_id", "known-customer", "No customer "
        + customerId + " is registered"));
    });
  }
}
