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

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** createShipment, updateShipment, listShipments and getShipment of schemas/openapi/orders.yaml. */
final class ShipmentOperations {

  private final Pool pool;
  private final OrderStore orders;
  private final ShipmentStore shipments;
  private final PriceListStore priceList;
  private final IdempotencyKeys idempotency;

  ShipmentOperations(Pool pool, OrderStore orders, ShipmentStore shipments, PriceListStore priceList,
                     IdempotencyKeys idempotency) {
    this.pool = pool;
    this.orders = orders;
    this.shipments = shipments;
    this.priceList = priceList;
    this.idempotency = idempotency;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of("createShipment", this::createShipment, "updateShipment", this::updateShipment,
      "listShipments", this::listShipments, "getShipment", this::getShipment);
  }

  /** Units of a paid order leave: order.shipped with each line's price and unit cost; the status follows. */
  Future<OperationResponse> createShipment(OperationRequest req) {
    var id = UUID.fromString(req.pathParam("order_id"));
    var body = req.bodyObject();
    var requested = body.getJsonArray("lines").stream().map(JsonObject.class::cast)
      .map(l -> new Shipment.Line(l.getString("sku"), l.getInteger("quantity"))).toList();
    return idempotency.once(req, tx -> OrderAccess.locked(orders, tx, id, req.caller())
      .compose(order -> order.status().canShip() ? orders.lines(tx, id).map(order::with)
        : Future.failedFuture(OrderAccess.illegal(order, "ship: only a paid order ships")))
      .compose(order -> OrderAccess.checked(() -> Fulfilment.plan(order.lines(), requested))
        .compose(planned -> shipments.insert(tx, Ids.next(), id, body.getString("carrier"),
          body.getString("tracking_number"), planned))
        .compose(shipment -> ship(tx, order, shipment))));
  }

  private Future<OperationResponse> ship(SqlConnection tx, Order order, Shipment shipment) {
    return orders.shipped(tx, order.id(), shipment.lines())
      .compose(v -> orders.lines(tx, order.id()))
      .compose(after -> {
        var fully = Order.fullyShipped(after);
        var cause = "shipment " + shipment.id() + " by " + shipment.carrier() + ": " + shipment.lines().stream()
          .map(l -> l.quantity() + " " + l.sku()).collect(Collectors.joining(", "));
        return orders.transition(tx, order, order.status().afterShipment(fully), cause, null)
          .compose(v -> priceList.unitCosts(tx, after.stream().map(Order.Line::productId).toList()))
          .compose(costs -> Outbox.append(tx, OrdersEvents.shipped(order, shipment, after, costs, fully)));
      })
      .map(v -> OperationResponse.created(shipment.toJson(), "/orders/" + order.id() + "/shipments/" + shipment.id()));
  }

  /**
   * Reports a shipment in transit or delivered. The delivery that leaves nothing to ship and
   * nothing on the way delivers the order: order.delivered, once.
   */
  Future<OperationResponse> updateShipment(OperationRequest req) {
    var orderId = UUID.fromString(req.pathParam("order_id"));
    var id = UUID.fromString(req.pathParam("shipment_id"));
    var to = ShipmentStatus.fromWire(req.bodyObject().getString("status"));
    return pool.withTransaction(tx -> OrderAccess.locked(orders, tx, orderId, req.caller())
      .compose(order -> shipments.byId(tx, orderId, id).compose(found -> {
        var shipment = found.orElse(null);
        if (shipment == null) {
          return Future.failedFuture(Problem.notFound("shipment", id));
        }
        if (!shipment.status().canBecome(to)) {
          return Future.failedFuture(Problem.conflict("/status", "shipment-status", "A " + shipment.status().wireName()
            + " shipment cannot become " + to.wireName()));
        }
        return shipments.move(tx, id, to)
          .compose(v -> to == ShipmentStatus.DELIVERED ? delivered(tx, order, id) : Future.succeededFuture())
          .compose(v -> shipments.byId(tx, orderId, id)).map(moved -> OperationResponse.ok(moved.orElseThrow().toJson()));
      })));
  }

  private Future<Void> delivered(SqlConnection tx, Order order, UUID shipmentId) {
    return Future.all(orders.lines(tx, order.id()), shipments.allDelivered(tx, order.id())).compose(known -> {
      List<Order.Line> lines = known.resultAt(0);
      boolean arrived = known.resultAt(1);
      if (!arrived || !Order.fullyShipped(lines)) {
        return Future.succeededFuture();
      }
      return orders.transition(tx, order, order.status().afterDelivery(), "every shipment delivered", null)
        .compose(v -> Outbox.append(tx, OrdersEvents.delivered(order, shipmentId)));
    });
  }

  Future<OperationResponse> listShipments(OperationRequest req) {
    var id = UUID.fromString(req.pathParam("order_id"));
    return OrderAccess.visible(orders, pool, id, req.caller()).compose(order -> shipments.byOrder(pool, id))
      .map(found -> OperationResponse.ok(new JsonObject().put("items",
        new JsonArray(found.stream().map(Shipment::toJson).toList()))));
  }

  Future<OperationResponse> getShipment(OperationRequest req) {
    var orderId = UUID.fromString(req.pathParam("order_id"));
    var id = UUID.fromString(req.pathParam("shipment_id"));
    return OrderAccess.visible(orders, pool, orderId, req.caller()).compose(order -> shipments.byId(pool, orderId, id))
      .compose(found -> found.map(shipment -> Future.succeededFuture(OperationResponse.ok(shipment.toJson())))
        .orElseGet(() -> Future.failedFuture(Problem.notFound("shipment", id))));
  }
}
