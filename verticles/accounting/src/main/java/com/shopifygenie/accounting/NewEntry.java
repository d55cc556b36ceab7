package com.shopifygenie.accounting;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A journal entry about to be posted: when, why, where from (an event's id, a reversed entry's
 * id, a user's id) and its lines.
 */
record NewEntry(LocalDate postedOn, String description, String source, String currency, UUID eventId, UUID orderId,
                UUID reverses, UUID createdBy, List<JournalLine> lines) {

  static NewEntry fromEvent(LocalDate postedOn, String description, String source, String currency, UUID eventId,
                            UUID orderId, List<JournalLine> lines) {
    return new NewEntry(postedOn, description, source, currency, eventId, orderId, null, null, lines);
  }
}
