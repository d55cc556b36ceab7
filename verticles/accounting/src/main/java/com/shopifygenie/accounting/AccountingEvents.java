package com.shopifygenie.accounting;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.EventSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Accounting on the event path: its name, the aggregate it publishes and its topic, and the event
 * it emits, shaped as schemas/events/shopifygenie.journal_entry.posted.json says. What it
 * consumes: {@link AccountingEventHandlers}.
 */
final class AccountingEvents {

  static final EventSource SOURCE = new EventSource("accounting", Map.of("journal_entry", "accounting-events"));
  static final String DOMAIN = SOURCE.domain();

  private AccountingEvents() {}

  static DomainEvent posted(JournalEntry entry) {
    var lines = new JsonArray();
    entry.lines().forEach(line -> lines.add(line.toJson()));
    var data = new JsonObject().put("entry_id", entry.id().toString()).put("posted_on", entry.postedOn().toString())
      .put("period", Period.of(entry.postedOn()).toString()).put("source", entry.source())
      .put("description", entry.description()).put("currency", entry.currency()).put("total", entry.total())
      .put("lines", lines);
    if (entry.eventId() != null) {
      data.put("event_id", entry.eventId().toString());
    }
    if (entry.orderId() != null) {
      data.put("order_id", entry.orderId().toString());
    }
    if (entry.reverses() != null) {
      data.put("reverses", entry.reverses().toString());
    }
    return SOURCE.event("journal_entry.posted", entry.id(), data);
  }
}
