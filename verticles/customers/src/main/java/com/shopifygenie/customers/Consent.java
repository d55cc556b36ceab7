package com.shopifygenie.customers;

import com.shopifygenie.platform.WireName;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Consent to be contacted, per channel and purpose, derived from its history: the latest grant
 * or withdrawal of each pair holds; a pair never granted is not granted (consent is asked for,
 * never assumed).
 */
final class Consent {

  enum Channel implements WireName { EMAIL, SMS, PUSH }

  enum Purpose implements WireName { MARKETING, ORDER_UPDATES }

  /** One grant (granted) or withdrawal, with where it came from and when. */
  record Change(Channel channel, Purpose purpose, boolean granted, String source, OffsetDateTime at) {}

  private final Map<Channel, Map<Purpose, Boolean>> granted = new EnumMap<>(Channel.class);

  private Consent() {
    for (var channel : Channel.values()) {
      var byPurpose = new EnumMap<Purpose, Boolean>(Purpose.class);
      for (var purpose : Purpose.values()) {
        byPurpose.put(purpose, false);
      }
      granted.put(channel, byPurpose);
    }
  }

  /** The state after every change of the history, applied oldest first. */
  static Consent from(List<Change> history) {
    var consent = new Consent();
    history.forEach(change -> consent.granted.get(change.channel()).put(change.purpose(), change.granted()));
    return consent;
  }

  boolean granted(Channel channel, Purpose purpose) {
    return granted.get(channel).get(purpose);
  }

  /**
   * What must be recorded to go from this state to the wanted one: a change for each pair that
   * differs, none for a pair already as wanted (a repeated PUT records nothing).
   */
  List<Change> changesTo(Map<Channel, Map<Purpose, Boolean>> wanted, String source) {
    var changes = new ArrayList<Change>();
    for (var channel : Channel.values()) {
      for (var purpose : Purpose.values()) {
        var want = wanted.get(channel).get(purpose);
        if (want != granted(channel, purpose)) {
          changes.add(new Change(channel, purpose, want, source, null));
        }
      }
    }
    return changes;
  }

  Map<Channel, Map<Purpose, Boolean>> asMap() {
    var copy = new EnumMap<Channel, Map<Purpose, Boolean>>(Channel.class);
    granted.forEach((channel, byPurpose) -> copy.put(channel, new EnumMap<>(byPurpose)));
    return copy;
  }
}
