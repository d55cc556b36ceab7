package com.shopifygenie.customers;

import com.shopifygenie.platform.EventSource;

import java.util.Map;

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
}
