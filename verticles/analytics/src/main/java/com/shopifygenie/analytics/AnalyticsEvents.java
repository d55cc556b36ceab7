package com.shopifygenie.analytics;

import com.shopifygenie.platform.EventSource;

import java.util.Map;

/**
 * The analytics domain on the event path: its name (its consumer group). It publishes no events.
 * What it consumes: {@link AnalyticsEventHandlers}.
 */
final class AnalyticsEvents {

  static final EventSource SOURCE = new EventSource("analytics", Map.of());

  private AnalyticsEvents() {}
}
