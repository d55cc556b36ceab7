package com.shopifygenie.orders;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.Inbox;
import com.shopifygenie.platform.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.UUID;

/**
 * The events the orders domain consumes, the topic each comes on, and one handler per type. Each
 * handler runs in the inbox's transaction.
 */
final class OrdersEventHandlers {

  private static final String AUTH_EVENTS = "auth-events";
  private static final String CATALOG_EVENTS = "catalog-events";
  private static final String INVENTORY_EVENTS = "inventory-events";

  private final OrderStore orders;
  private final PriceListStore priceList;
  private final CustomerStore customers;

  OrdersEventHandlers(OrderStore orders, PriceListStore priceList, CustomerStore customers) {
    this.orders = orders;
    this.priceList = priceList;
    this.customers = customers;
  }

  void register(Inbox inbox) {
    inbox.on(CATALOG_EVENTS, "shopifygenie.product.created", this::productChanged)
      .on(CATALOG_EVENTS, "shopifygenie.product.updated", this::productChanged)
      .on(INVENTORY_EVENTS, "shopifygenie.stock.reserved", this::stockReserved)
      .on(INVENTORY_EVENTS, "shopifygenie.stock.reservation_failed", this::stockReservationFailed)
      .on(AUTH_EVENTS, "shopifygenie.user.registered", this::userRegistered)
      // each handler touches only its subject's rows: an order, a product's price, a customer
      .batchAcrossSubjects(Inbox.BatchLocks.NONE_SHARED);
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

  /** Every user may be ordered for, the first super admin included (it is announced like any other). */
  Future<Void> userRegistered(SqlConnection tx, DomainEvent event) {
    return customers.add(tx, UUID.fromString(event.data().getString("user_id")));
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
      var settled = to == OrderStatus.CONFIRMED ? OrdersEvents.confirmed(order) : OrdersEvents.rejected(order, reason);
      return orders.transition(tx, order, to, cause, reason).compose(v -> Outbox.append(tx, settled));
    });
  }
}
