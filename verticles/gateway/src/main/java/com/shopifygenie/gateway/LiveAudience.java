package com.shopifygenie.gateway;

import com.shopifygenie.platform.Caller;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * Who may see which event of the live feed, and in what shape. Staff and super admins see every
 * event as it was published. A customer sees only the events about its own orders, payments,
 * shipments, refunds, loyalty and profile (the event's {@code customer_id} is its user id), and
 * never what the shop keeps to itself: internal costs are taken out at any depth.
 */
final class LiveAudience {

  private static final String PREFIX = "shopifygenie.";
  /** The aggregates whose events are about one customer, who may follow them. */
  private static final Set<String> CUSTOMER_AGGREGATES = Set.of("order", "payment", "shipment", "refund", "loyalty",
    "customer");
  /** Fields of an event data the shop keeps from its customers. */
  private static final Set<String> INTERNAL = Set.of("unit_cost", "cost");

  private LiveAudience() {}

  /** The event as the caller may see it (its CloudEvents JSON), or null when it may not see it at all. */
  static String project(Caller caller, LiveEvent event) {
    if (caller.isAnonymous()) {
      return null;
    }
    if (caller.isStaff()) {
      return event.json();
    }
    if (!CUSTOMER_AGGREGATES.contains(aggregate(event.type())) || !caller.userId().toString().equals(event.customerId())) {
      return null;
    }
    var cloudEvent = event.cloudEvent();
    return cloudEvent.put("data", withoutInternal(cloudEvent.getJsonObject("data"))).encode();
  }

  /** "order" of "shopifygenie.order.created". */
  private static String aggregate(String type) {
    if (type == null || !type.startsWith(PREFIX)) {
      return "";
    }
    var rest = type.substring(PREFIX.length());
    var dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  private static JsonObject withoutInternal(JsonObject object) {
    var kept = new JsonObject();
    object.forEach(field -> {
      if (!INTERNAL.contains(field.getKey())) {
        kept.put(field.getKey(), withoutInternal(field.getValue()));
      }
    });
    return kept;
  }

  private static Object withoutInternal(Object value) {
    if (value instanceof JsonObject object) {
      return withoutInternal(object);
    }
    if (value instanceof JsonArray array) {
      var kept = new JsonArray();
      array.forEach(item -> kept.add(withoutInternal(item)));
      return kept;
    }
    return value;
  }
}
