package com.shopifygenie.platform;

import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An integration event: a CloudEvents 1.0 envelope's id (UUIDv7, so ids sort by time), source
 * (the producing domain), type (shopifygenie.&lt;aggregate&gt;.&lt;happening&gt;), subject (the
 * aggregate id), time and data. Domains make them with their {@link EventSource}.
 */
public record DomainEvent(UUID id, String source, String type, String subject, OffsetDateTime time, JsonObject data) {

  /** The structured-mode CloudEvents JSON form. */
  public JsonObject toCloudEvent() {
    return new JsonObject().put("specversion", "1.0").put("id", id.toString()).put("source", source)
      .put("type", type).put("subject", subject).put("time", Times.format(time))
      .put("datacontenttype", "application/json").put("data", data);
  }

  public static DomainEvent fromCloudEvent(JsonObject json) {
    return new DomainEvent(UUID.fromString(json.getString("id")), json.getString("source"), json.getString("type"),
      json.getString("subject"), OffsetDateTime.parse(json.getString("time")), json.getJsonObject("data"));
  }
}
