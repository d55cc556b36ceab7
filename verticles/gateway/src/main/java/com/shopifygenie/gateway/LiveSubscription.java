package com.shopifygenie.gateway;

import com.shopifygenie.platform.Caller;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.List;

/**
 * One client's live feed, whatever carries it: the events the caller may see and asked for,
 * projected for it, in the order the node heard them; cut off once it falls behind by more than
 * its queue. What a reconnecting client missed (up to the node's whole buffer, far more than one
 * queue) goes out as fast as it reads, not at once: new events wait behind it.
 */
final class LiveSubscription {

  private static final String PREFIX = "shopifygenie.";

  private final LiveOutlet outlet;
  private final Caller caller;
  private final LiveTypes types;
  private final String token;
  private final int queueBytes;
  /** Nothing goes out after the end, though its connection may take a moment to close. */
  private boolean ended;
  /** The replay not sent yet, then the new events that came meanwhile; empty once caught up. */
  private final ArrayDeque<LiveEvent> behind = new ArrayDeque<>();
  /** How many events may wait behind a replay: as many as the node keeps for replays. */
  private int maxBehind;

  LiveSubscription(LiveOutlet outlet, Caller caller, LiveTypes types, String token, int queueBytes) {
    this.outlet = outlet;
    this.caller = caller;
    this.types = types;
    this.token = token;
    this.queueBytes = queueBytes;
  }

  Caller caller() {
    return caller;
  }

  /** The access token the feed was opened with. */
  String token() {
    return token;
  }

  /** Sends the event if the caller may see it and asked for its type; after the replay, if one is going. */
  void offer(LiveEvent event) {
    if (!open() || !types.accepts(event.type())) {
      return;
    }
    if (!behind.isEmpty()) {
      // the events are the node's own, shared with its buffer: what waits here is one reference each
      behind.addLast(event);
      if (behind.size() > maxBehind) {
        behind.clear();
        ended = true;
        outlet.cutOff(LiveEnding.fellBehindReplay(maxBehind));
      }
      return;
    }
    if (send(event) && outlet.full()) {
      cutOff();
    }
  }

  /**
   * What the client missed, sent while its queue has room and resumed as it drains; the queue is
   * kept to half its size meanwhile, so the events that follow the replay find room. New events
   * wait behind it, however long a big replay takes to a client that reads; one that stops reading
   * is cut off once more events wait for it than the node keeps ({@code maxBehind}), its own
   * replay included.
   */
  void replay(List<LiveEvent> missed, int maxBehind) {
    if (!open() || missed.isEmpty()) {
      return;
    }
    this.maxBehind = Math.max(maxBehind, missed.size());
    behind.addAll(missed);
    outlet.limitQueue(queueBytes / 2);
    sendBehind();
  }

  private void sendBehind() {
    while (open() && !behind.isEmpty()) {
      if (outlet.full()) {
        outlet.whenDrained(this::sendBehind);
        return;
      }
      var event = behind.pollFirst();
      if (types.accepts(event.type())) {
        send(event);
      }
    }
    if (open()) {
      outlet.limitQueue(queueBytes);
    }
  }

  /** True when the caller may see it. */
  private boolean send(LiveEvent event) {
    var visible = LiveAudience.project(caller, event);
    if (visible == null) {
      return false;
    }
    var type = event.type();
    outlet.event(event.id(), type.startsWith(PREFIX) ? type.substring(PREFIX.length()) : type, visible);
    return true;
  }

  private void cutOff() {
    ended = true;
    outlet.cutOff(LiveEnding.fellBehind(queueBytes));
  }

  /** Says that events after {@code lastEventId} may be missing: the buffer no longer reaches back to it. */
  void gap(String lastEventId) {
    if (open()) {
      outlet.gap(new JsonObject().put("last_event_id", lastEventId)
        .put("reason", "events after it are no longer kept; what follows is everything kept"));
    }
  }

  void heartbeat() {
    if (open()) {
      outlet.heartbeat();
    }
  }

  void end(LiveEnding why) {
    if (open()) {
      ended = true;
      outlet.end(why);
    }
  }

  private boolean open() {
    return !ended && outlet.open();
  }
}
