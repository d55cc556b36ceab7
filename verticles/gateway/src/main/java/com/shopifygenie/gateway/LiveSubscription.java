package com.shopifygenie.gateway;

import com.shopifygenie.platform.Caller;
import io.vertx.core.json.JsonObject;

/**
 * One client's live feed, whatever carries it: the events the caller may see and asked for,
 * projected for it, in the order the node heard them; cut off once it falls behind by more than
 * its queue.
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

  /** Sends the event if the caller may see it and asked for its type. */
  void offer(LiveEvent event) {
    var type = event.type();
    if (!open() || !types.accepts(type)) {
      return;
    }
    var visible = LiveAudience.project(caller, event);
    if (visible != null) {
      outlet.event(event.id(), type.startsWith(PREFIX) ? type.substring(PREFIX.length()) : type, visible);
      if (outlet.full()) {
        ended = true;
        outlet.cutOff(LiveEnding.fellBehind(queueBytes));
      }
    }
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
