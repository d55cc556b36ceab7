package com.shopifygenie.accounting;

import com.shopifygenie.platform.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A posted journal entry with its lines, in the order they were written. */
record JournalEntry(UUID id, LocalDate postedOn, String description, String source, String currency, UUID eventId,
                    UUID orderId, UUID reverses, UUID createdBy, OffsetDateTime createdAt, List<JournalLine> lines) {

  JournalEntry withLines(List<JournalLine> lines) {
    return new JournalEntry(id, postedOn, description, source, currency, eventId, orderId, reverses, createdBy,
      createdAt, lines);
  }

  long total() {
    return JournalLine.total(lines, Side.DEBIT);
  }

  JsonObject toJson() {
    var json = new JsonArray();
    lines.forEach(line -> json.add(line.toJson()));
    return new JsonObject().put("id", id.toString()).put("posted_on", postedOn.toString())
      .put("period", Period.of(postedOn).toString()).put("description", description).put("source", source)
      .put("currency", currency).put("event_id", text(eventId)).put("order_id", text(orderId))
      .put("reverses", text(reverses)).put("created_by", text(createdBy)).put("created_at", Times.format(createdAt))
      .put("total", total()).put("lines", json);
  }

  private static String text(UUID id) {
    return id == null ? null : id.toString();
  }
}
