package com.shopifygenie.testkit;

import com.shopifygenie.platform.DomainEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.Validator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Checks events against schemas/events/&lt;type&gt;.json, the source of truth for events. */
public final class EventSchemas {

  private static final Map<String, Validator> VALIDATORS = new ConcurrentHashMap<>();

  private EventSchemas() {}

  /** Fails with the validator's words when the event has no schema or breaks it. */
  public static void assertValid(Vertx vertx, DomainEvent event) {
    var validator = VALIDATORS.computeIfAbsent(event.type(), type -> {
      var file = "schemas/events/" + type + ".json";
      if (!vertx.fileSystem().existsBlocking(file)) {
        throw new AssertionError("no schema " + file + " for an emitted event");
      }
      var schema = new JsonObject(vertx.fileSystem().readFileBlocking(file));
      return Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
        .setBaseUri("https://shopifygenie.dev/events/").setOutputFormat(OutputFormat.Basic));
    });
    var result = validator.validate(event.data());
    if (!result.getValid()) {
      throw new AssertionError(event.type() + " " + event.data().encode() + " breaks its schema: " + result.toJson().encode());
    }
    var envelope = event.toCloudEvent();
    for (var field : new String[] {"specversion", "id", "source", "type", "subject", "time"}) {
      if (envelope.getString(field) == null || envelope.getString(field).isEmpty()) {
        throw new AssertionError(event.type() + " lacks the CloudEvents attribute " + field);
      }
    }
  }
}
