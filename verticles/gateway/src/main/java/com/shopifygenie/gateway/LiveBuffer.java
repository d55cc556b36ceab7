package com.shopifygenie.gateway;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The recent events a client may have missed while it reconnected: at most {@code size} events,
 * none older than {@code maxAgeMs}, in the order the node heard them. A client that was away
 * longer than that has missed events nobody can give it any more, and is told so.
 */
final class LiveBuffer {

  /** What a client that last saw an event missed since; {@code gap} when it may have missed more. */
  record Replay(boolean gap, List<LiveEvent> events) {}

  private record Entry(LiveEvent event, long heardAt) {}

  private final int size;
  private final long maxAgeMs;
  private final Deque<Entry> entries = new ArrayDeque<>();
  /** The ids held: the transports deliver at least once, and a redelivery must not move an event. */
  private final Set<String> ids = new HashSet<>();

  LiveBuffer(int size, long maxAgeMs) {
    if (size < 1 || maxAgeMs < 1) {
      throw new IllegalArgumentException("a live buffer keeps at least one event for a moment");
    }
    this.size = size;
    this.maxAgeMs = maxAgeMs;
  }

  /**
   * Keeps the event; false for one already held (a redelivery), which clients have had. A replay
   * point found twice would skip what came between the two deliveries.
   */
  boolean add(LiveEvent event, long nowMs) {
    if (!ids.add(event.id())) {
      return false;
    }
    entries.addLast(new Entry(event, nowMs));
    if (entries.size() > size) {
      ids.remove(entries.removeFirst().event().id());
    }
    forgetOlderThan(nowMs);
    return true;
  }

  /**
   * The events after the one with {@code lastEventId}; when that one is no longer (or never was)
   * in the buffer, every event kept, marked as a gap.
   */
  Replay after(String lastEventId, long nowMs) {
    forgetOlderThan(nowMs);
    var missed = new ArrayList<LiveEvent>();
    var iterator = entries.descendingIterator();
    while (iterator.hasNext()) {
      var entry = iterator.next();
      if (entry.event().id().equals(lastEventId)) {
        return new Replay(false, reversed(missed));
      }
      missed.add(entry.event());
    }
    return new Replay(true, reversed(missed));
  }

  int size() {
    return entries.size();
  }

  /** How many events it keeps at most. */
  int capacity() {
    return size;
  }

  private void forgetOlderThan(long nowMs) {
    while (!entries.isEmpty() && nowMs - entries.peekFirst().heardAt() > maxAgeMs) {
      ids.remove(entries.removeFirst().event().id());
    }
  }

  private static List<LiveEvent> reversed(List<LiveEvent> newestFirst) {
    var oldestFirst = new ArrayList<LiveEvent>(newestFirst.size());
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      oldestFirst.add(newestFirst.get(i));
    }
    return oldestFirst;
  }
}
