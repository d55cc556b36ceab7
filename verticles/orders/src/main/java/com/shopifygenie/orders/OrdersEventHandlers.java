package com.shopifygenie.orders;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.Inbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.List;
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
  private final Inbox.BatchHandler settle = this::settleAll;

  OrdersEventHandlers(OrderStore orders, PriceListStore priceList, CustomerStore customers) {
    this.orders = orders;
    this.priceList = priceList;
    this.customers = customers;
  }

  void register(Inbox inbox) {
    inbox.on(CATALOG_EVENTS, "shopifygenie.product.created", this::productChanged)
      .on(CATALOG_EVENTS, "shopifygenie.product.updated", this::productChanged)
      // one handler for both: a run of reservations' outcomes settles with a few statements
      .onBatch(INVENTORY_EVENTS, "shopifygenie.stock.reserved", settle)
      .onBatch(INVENTORY_EVENTS, "shopifygenie.stock.reservation_failed", settle)
      .on(AUTH_EVENTS, "shopifygenie.user.registered", this::userRegistered)
      .on(AUTH_EVENTS, "shopifygenie.user.role_changed", this::userRoleChanged)
      .on(AUTH_EVENTS, "shopifygenie.user.status_changed", this::userStatusChanged)
      // each handler touches only its subject's rows: an order, a product's price, a customer
      .batchAcrossSubjects(Inbox.BatchLocks.NONE_SHARED);
  }

  Future<Void> productChanged(SqlConnection tx, DomainEvent event) {
    return priceList.upsert(tx, event.data(), event.time());
  }

  /**
   * Only customers may be ordered for. Staff and super admins (the first one included) are kept as
   * known non-customers, as is a customer who becomes staff: a customer token issued before the
   * change may still order for itself, and must not make its user a customer again.
   */
  Future<Void> userRegistered(SqlConnection tx, DomainEvent event) {
    return roleOf(tx, event);
  }

  /** A customer who becomes staff is no longer ordered for; a staff member who becomes a customer is. */
  Future<Void> userRoleChanged(SqlConnection tx, DomainEvent event) {
    return roleOf(tx, event);
  }

  /** Staff do not order for a disabled account; one made active again is ordered for as before. */
  Future<Void> userStatusChanged(SqlConnection tx, DomainEvent event) {
    var data = event.data();
    return customers.accountStatus(tx, UUID.fromString(data.getString("user_id")),
      "customer".equals(data.getString("role")), "disabled".equals(data.getString("status")));
  }

  private Future<Void> roleOf(SqlConnection tx, DomainEvent event) {
    var data = event.data();
    return customers.announce(tx, UUID.fromString(data.getString("user_id")), "customer".equals(data.getString("role")));
  }

  /**
   * Confirms (stock reserved) or rejects (reservation failed) pending orders, in the events' order.
   * An order cancelled meanwhile stays cancelled: catalog releases what it reserved when it sees the
   * cancellation, which follows the creation.
   */
  Future<Void> settleAll(SqlConnection tx, List<DomainEvent> events) {
    var ids = events.stream().map(OrdersEventHandlers::orderId).distinct().toList();
    return orders.lockAll(tx, ids).compose(found -> {
      var steps = new ArrayList<OrderStore.Transition>();
      var settled = new ArrayList<DomainEvent>();
      for (var event : events) {
        var order = found.get(orderId(event));
        var reserved = event.type().equals("shopifygenie.stock.reserved");
        var to = reserved ? OrderStatus.CONFIRMED : OrderStatus.REJECTED;
        if (order == null || !order.status().canBecome(to)) {
          continue;
        }
        var reason = reserved ? null : event.data().getString("reason");
        steps.add(new OrderStore.Transition(order.id(), order.status(), to,
          reserved ? "stock reserved" : "stock reservation failed", reason));
        settled.add(reserved ? OrdersEvents.confirmed(order) : OrdersEvents.rejected(order, reason));
        found.put(order.id(), order.withStatus(to));
      }
      return orders.transitionAll(tx, steps, settled);
    });
  }

  private static UUID orderId(DomainEvent event) {
    return UUID.fromString(event.data().getString("order_id"));
  }
}
