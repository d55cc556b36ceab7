package com.shopifygenie.launcher;

import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LocalLiveFeedTest extends LiveFeedTest {

  @Override
  TestSystem newSystem(Vertx vertx) {
    return TestSystem.create(vertx);
  }

  /** The page at /live in a real browser: a person signs in and sees an order's events as they happen. */
  @Test
  void theLivePageSignsInAndShowsAnOrdersEventsAsTheyHappen() throws Exception {
    assumeTrue(Chromium.available(), "no browser at " + Chromium.BINARY + " (Debian's chromium package): "
      + "the live page is not tried in a browser");
    var customer = OrderFlowTest.customer();
    try (var browser = Chromium.start(vertx)) {
      browser.navigate("http://127.0.0.1:" + system.port() + "/live");
      browser.evaluate("const form = document.getElementById('login');"
        + "form.email.value = '" + TestSettings.ADMIN_EMAIL + "';"
        + "form.password.value = '" + TestSettings.ADMIN_PASSWORD + "';"
        + "form.requestSubmit(); true");
      eventually(() -> "Live".equals(browser.evaluate("document.getElementById('status').textContent")));

      var order = OrderFlowTest.order(customer, "LIVE-1", 1).json().getString("id");
      // the newest row comes first
      var rowsOfTheOrder = "Array.from(document.querySelectorAll('#events tbody tr'))"
        + ".filter(row => row.dataset.subject === '" + order + "' && row.dataset.type.startsWith('order.'))"
        + ".map(row => [row.dataset.type, row.querySelector('.time').textContent, row.querySelector('pre').textContent])"
        + ".reverse()";
      eventually(() -> ((JsonArray) browser.evaluate(rowsOfTheOrder)).size() == 2);
      var rows = (JsonArray) browser.evaluate(rowsOfTheOrder);
      assertEquals(List.of("order.created", "order.confirmed"),
        rows.stream().map(row -> ((JsonArray) row).getString(0)).toList());
      for (var row : rows) {
        assertTrue(((JsonArray) row).getString(1).startsWith("20"), row::toString);
        assertTrue(((JsonArray) row).getString(2).contains(order), row::toString);
      }
    }
  }

  /** A browser opening a new EventSource with a fresh token cannot set Last-Event-ID: the query carries it. */
  @Test
  void aFeedOpenedAnewResumesFromTheLastEventIdInTheQuery() {
    var customer = OrderFlowTest.customer();
    var first = LiveClient.connect(vertx, system.port(), "/live/events?types=order.*&access_token=" + staff, Map.of());
    String lastSeen;
    String before;
    try {
      before = OrderFlowTest.order(customer, "LIVE-1", 1).json().getString("id");
      eventually(() -> first.eventsOfOrder(before).contains("order.confirmed"));
      lastSeen = first.messages().get(first.messages().size() - 1).id();
    } finally {
      first.close();
    }
    var missed = OrderFlowTest.order(customer, "LIVE-1", 1).json().getString("id");
    var again = LiveClient.connect(vertx, system.port(),
      "/live/events?types=order.*&last_event_id=" + lastSeen + "&access_token=" + staff, Map.of());
    try {
      eventually(() -> again.eventsOfOrder(missed).contains("order.confirmed"));
      assertEquals(List.of("order.created", "order.confirmed"), again.eventsOfOrder(missed));
      assertEquals(List.of(), again.eventsOfOrder(before));
    } finally {
      again.close();
    }
  }
}
