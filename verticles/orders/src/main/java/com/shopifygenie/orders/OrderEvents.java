package com.shopifygenie.orders;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.Inbox;
import com.shopifygenie.platform.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

import java.util.UUID;

/** One method per event type the orders domain consumes; each runs in the inbox transaction. */
final class OrderEvents {

  private final OrderStore orders;
  private final PriceListStore priceList;
  private final CustomerStore customers;

  OrderEvents(OrderStore orders, PriceListStore priceList, CustomerStore customers) {
    this.orders = orders;
    this.priceList = priceList;
    this.customers = customers;
  }

  void register(Inbox inbox) {
    inbox.on("shopifygenie.product.created", this::productChanged)
      .on("shopifygenie.product.updated", this::productChanged)
      .on("shopifygenie.stock.reserved", this::stockReserved)
      .on("shopifygenie.stock.reservation_failed", this::stockReservationFailed)
      .on("shopifygenie.user.registered", this::userRegistered);
  }

  /** Every user may be ordered for, the first super admin included (it is announced like any other). */
  Future<Void> userRegistered(SqlConnection tx, DomainEvent event) {
    return customers.add(tx, UUID.fromString(event.data().getString("user_id")));
  }

  Future<Void> productChanged(SqlConnection tx, DomainEvent event) {
    return priceList.upsert(tx, event.data(), event.time());
  }

  Future<Void> stockReserved(SqlConnection tx, DomainEvent event) {
    return settle(tx, event, OrderStatus.CONFIRMED, "stock reserved", null);
  }

  Future<Void> stockReservationFailed(SqlConnection tx, DomainEvent event) {
    return settle(tx, event, OrderStatus.REJECTED, "stock reservation failed", event.data().getString("reason"));
  }

  /**
   * Confirms or rejects a pending order. An order cancelled meanwhile stays cancelled: catalog
   * releases what it reserved when it sees the cancellation, which follows the creation.
   */
  private Future<Void> settle(SqlConnection tx, DomainEvent event, OrderStatus to, String cause, String reason) {
    var id = UUID.fromString(event.data().getString("order_id"));
    return orders.lock(tx, id).compose(found -> {
      if (found.isEmpty() || !found.get().status().canBecome(to)) {
        return Future.succeededFuture();
      }
      var order = found.get();
      var data = new JsonObject().put("order_id", id.toString()).put("customer_id", order.customerId().toString());
      if (reason != null) {
        data.put("reason", reason);
      }
      var type = to == OrderStatus.CONFIRMED ? "order.confirmed" : "order.rejected";
      return orders.transition(tx, order, to, cause, reason)
        .compose(v -> Outbox.append(tx, DomainEvent.of(OrderOperations.DOMAIN, type, id, data)));
    });
  }
}
