package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A validated request as it travels from the gateway to a domain over the event bus: plain
 * JSON, so it can cross nodes of a cluster. It says how long the gateway waits for the answer
 * ({@code wait_ms}); the domain keeps, as a time of its own clock ({@link System#nanoTime}), when a
 * change must be under way to commit and be answered within that wait ({@code decideByNanos}: half
 * the wait, the other half the room of a commit and its answer on a loaded machine, where a second
 * was not enough; {@link Long#MAX_VALUE} when no one said).
 */
public record OperationRequest(String operationId, JsonObject path, JsonObject query, JsonObject headers,
                               Object body, Caller caller, long decideByNanos) {

  private static final Problem TOO_LATE = Problem.unavailable("The shop is too busy to answer this in time, so it "
    + "did not go ahead with it: nothing was changed; try again", 1);

  public static OperationRequest fromJson(JsonObject json) {
    var wait = TimeUnit.MILLISECONDS.toNanos(json.getLong("wait_ms", 0L));
    return new OperationRequest(json.getString("operation"),
      orEmpty(json.getJsonObject("path")), orEmpty(json.getJsonObject("query")),
      orEmpty(json.getJsonObject("headers")), json.getValue("body"),
      Caller.fromJson(json.getJsonObject("caller")),
      wait > 0 ? System.nanoTime() + wait / 2 : Long.MAX_VALUE);
  }

  public JsonObject toJson() {
    var json = new JsonObject().put("operation", operationId).put("path", path).put("query", query)
      .put("headers", headers).put("body", body).put("caller", caller.toJson());
    return decideByNanos == Long.MAX_VALUE ? json
      : json.put("wait_ms", Math.max(1, TimeUnit.NANOSECONDS.toMillis(decideByNanos - System.nanoTime())));
  }

  /**
   * Whether the caller still waits long enough for a change to be committed and answered. A change
   * committed after the gateway stopped waiting (it answers 503) is one its client was told had
   * failed, and whose retry finds it done: slow work (bcrypt) checks this before it starts and
   * before it commits.
   */
  public boolean stillAwaited() {
    return decideByNanos == Long.MAX_VALUE || decideByNanos - System.nanoTime() > 0;
  }

  /** Goes on with a change while the caller waits for it; otherwise a 503 that says nothing changed. */
  public <T> Future<T> whileAwaited(Supplier<Future<T>> change) {
    return stillAwaited() ? change.get() : Future.failedFuture(TOO_LATE);
  }

  /** The 503 of work the caller no longer waits for. */
  public static Problem tooLate() {
    return TOO_LATE;
  }

  /** The body as an object; the contract guarantees its shape before it gets here. */
  public JsonObject bodyObject() {
    return body instanceof JsonObject o ? o : new JsonObject();
  }

  public String pathParam(String name) {
    return path.getString(name);
  }

  /**
   * A date-time query parameter, null when absent. The contract checks the format first; what it
   * lets through and java.time cannot read (a leap second, a lower-case "t") is a 400 naming it.
   */
  public OffsetDateTime queryTime(String name) {
    var value = query.getString(name);
    try {
      return value == null ? null : OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw Problem.validation("query." + name, "format", name + " must be an RFC 3339 date-time such as "
        + "2025-01-31T12:00:00Z");
    }
  }

  /** A header by its lower-case name. */
  public String header(String name) {
    return headers.getString(name.toLowerCase(Locale.ROOT));
  }

  private static JsonObject orEmpty(JsonObject o) {
    return o == null ? new JsonObject() : o;
  }
}
