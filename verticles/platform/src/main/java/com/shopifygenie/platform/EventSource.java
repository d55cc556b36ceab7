package com.shopifygenie.platform;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * A domain as a source of events: its name (the CloudEvents source, and its consumer group) and
 * the topic of each aggregate it publishes. Every domain declares its own, so a new domain
 * changes no platform file. All events of an aggregate go to one topic keyed by the aggregate id,
 * so they stay in order.
 */
public final class EventSource {

  private static final String TYPE_PREFIX = "shopifygenie.";

  private final String domain;
  private final Map<String, String> topicByAggregate;

  /** @param topicByAggregate e.g. {@code Map.of("order", "order-events")} */
  public EventSource(String domain, Map<String, String> topicByAggregate) {
    this.domain = domain;
    this.topicByAggregate = Map.copyOf(topicByAggregate);
  }

  public String domain() {
    return domain;
  }

  /**
   * A new event of type {@code <aggregate>.<happening>} (e.g. "order.created") about an aggregate
   * this domain publishes; any other is refused here, before it could sit in the outbox with no
   * topic to go to.
   */
  public DomainEvent event(String type, Object subject, JsonObject data) {
    var fullType = TYPE_PREFIX + type;
    topicOf(fullType);
    return new DomainEvent(Ids.next(), domain, fullType, subject.toString(),
      Times.now(), data);
  }

  /** The topic of one of this domain's event types (shopifygenie.&lt;aggregate&gt;.&lt;happening&gt;). */
  public String topicOf(String type) {
    var parts = type.split("\\.");
    var topic = parts.length == 3 && type.startsWith(TYPE_PREFIX) ? topicByAggregate.get(parts[1]) : null;
    if (topic == null) {
      throw new IllegalArgumentException(domain + " publishes no aggregate of the event type " + type);
    }
    return topic;
  }
}
