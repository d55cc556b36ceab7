package com.shopifygenie.customers;

import com.shopifygenie.customers.Consent.Change;
import com.shopifygenie.customers.Consent.Channel;
import com.shopifygenie.customers.Consent.Purpose;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsentTest {

  static Change change(Channel channel, Purpose purpose, boolean granted) {
    return new Change(channel, purpose, granted, "web", null);
  }

  static Map<Channel, Map<Purpose, Boolean>> all(boolean granted) {
    var wanted = new EnumMap<Channel, Map<Purpose, Boolean>>(Channel.class);
    for (var channel : Channel.values()) {
      var byPurpose = new EnumMap<Purpose, Boolean>(Purpose.class);
      for (var purpose : Purpose.values()) {
        byPurpose.put(purpose, granted);
      }
      wanted.put(channel, byPurpose);
    }
    return wanted;
  }

  @Test
  void nothingIsGrantedWithoutAHistory() {
    var consent = Consent.from(List.of());
    for (var channel : Channel.values()) {
      for (var purpose : Purpose.values()) {
        assertFalse(consent.granted(channel, purpose));
      }
    }
  }

  @Test
  void theLatestChangeOfEachPairHolds() {
    var consent = Consent.from(List.of(
      change(Channel.EMAIL, Purpose.MARKETING, true),
      change(Channel.SMS, Purpose.ORDER_UPDATES, true),
      change(Channel.EMAIL, Purpose.MARKETING, false),
      change(Channel.SMS, Purpose.ORDER_UPDATES, false),
      change(Channel.SMS, Purpose.ORDER_UPDATES, true)));
    assertFalse(consent.granted(Channel.EMAIL, Purpose.MARKETING));
    assertTrue(consent.granted(Channel.SMS, Purpose.ORDER_UPDATES));
    assertFalse(consent.granted(Channel.PUSH, Purpose.ORDER_UPDATES));
  }

  @Test
  void onlyWhatDiffersBecomesAChange() {
    var consent = Consent.from(List.of(change(Channel.PUSH, Purpose.MARKETING, true)));
    var wanted = all(false);
    wanted.get(Channel.PUSH).put(Purpose.MARKETING, true);
    wanted.get(Channel.EMAIL).put(Purpose.ORDER_UPDATES, true);
    assertEquals(List.of(new Change(Channel.EMAIL, Purpose.ORDER_UPDATES, true, "in_store", null)),
      consent.changesTo(wanted, "in_store"));
    assertEquals(List.of(), Consent.from(List.of()).changesTo(all(false), "web"));
    assertEquals(6, Consent.from(List.of()).changesTo(all(true), "web").size());
  }
}
