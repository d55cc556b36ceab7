package com.shopifygenie.customers;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.EventSource;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.UUID;

/**
 * The customers domain on the event path: its name, the aggregates it publishes and their topic,
 * and the events it emits, shaped as schemas/events/shopifygenie.loyalty.*.json and
 * shopifygenie.customer.*.json say. Every event's subject is the customer, and both aggregates go
 * to one topic, so a customer's events stay in order. What it consumes: {@link CustomersEventHandlers}.
 */
final class CustomersEvents {

  static final EventSource SOURCE = new EventSource("customers",
    Map.of("customer", "customer-events", "loyalty", "customer-events"));

  private CustomersEvents() {}

  static DomainEvent pointsEarned(LoyaltyStore.Account account, UUID orderId, UUID paymentId, long points) {
    return SOURCE.event("loyalty.points_earned", account.customerId(), about(account)
      .put("order_id", orderId.toString()).put("payment_id", paymentId.toString()).put("points", points)
      .put("lifetime_points", account.lifetimePoints()));
  }

  static DomainEvent pointsReversed(LoyaltyStore.Account account, UUID orderId, UUID refundId, long taken, long due) {
    return SOURCE.event("loyalty.points_reversed", account.customerId(), about(account)
      .put("order_id", orderId.toString()).put("refund_id", refundId.toString()).put("points", taken)
      .put("points_due", due).put("lifetime_points", account.lifetimePoints()));
  }

  static DomainEvent pointsRedeemed(LoyaltyStore.Account account, UUID redemptionId, long points, String reason) {
    var data = about(account).put("redemption_id", redemptionId.toString()).put("points", points);
    if (reason != null) {
      data.put("reason", reason);
    }
    return SOURCE.event("loyalty.points_redeemed", account.customerId(), data);
  }

  static DomainEvent tierChanged(UUID customerId, Tier previous, Tier tier, long pointsInWindow) {
    return SOURCE.event("customer.tier_changed", customerId, new JsonObject().put("customer_id", customerId.toString())
      .put("previous_tier", previous.wireName()).put("tier", tier.wireName()).put("points_in_window", pointsInWindow));
  }

  private static JsonObject about(LoyaltyStore.Account account) {
    return new JsonObject().put("customer_id", account.customerId().toString()).put("balance", account.balance());
  }
}
