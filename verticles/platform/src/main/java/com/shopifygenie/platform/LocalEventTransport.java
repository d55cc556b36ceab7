package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Events over the event bus of one JVM. Each consumer group listens at
 * "events.&lt;topic&gt;.&lt;group&gt;" and is listed in a local map, so a publish reaches every group
 * as one batch and succeeds only when each one replied after committing all of it; the relay keeps
 * several batches on their way. Publishing waits until the node
 * says all its domains are deployed ({@link #open}), so no group misses an event by starting late.
 */
public final class LocalEventTransport implements EventTransport {

  private static final String STATE = "shopifygenie.events";
  private static final String OPENED = "shopifygenie.events.opened";
  private static final DeliveryOptions DELIVERY = new DeliveryOptions().setSendTimeout(60_000).setLocalOnly(true);

  private final Vertx vertx;
  private final List<MessageConsumer<JsonArray>> consumers = new ArrayList<>();
  private final List<String[]> memberships = new ArrayList<>();

  public LocalEventTransport(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Called by whoever deploys the node once every domain has subscribed. */
  public static void open(Vertx vertx) {
    vertx.sharedData().getLocalMap(STATE).put("open", true);
    vertx.eventBus().publish(OPENED, null, new DeliveryOptions().setLocalOnly(true));
  }

  /** Completes once the node is open for events. */
  @Override
  public Future<Void> ready() {
    if (isOpen()) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    MessageConsumer<Object> once = vertx.eventBus().localConsumer(OPENED);
    once.handler(message -> {
      once.unregister();
      promise.tryComplete();
    });
    // it may have opened between the check and the registration
    once.completion().onSuccess(v -> {
      if (isOpen()) {
        once.unregister();
        promise.tryComplete();
      }
    });
    return promise.future();
  }

  private boolean isOpen() {
    return Boolean.TRUE.equals(vertx.sharedData().getLocalMap(STATE).get("open"));
  }

  /** The events go to each group as one message: its reply says the group committed all of them. */
  @Override
  public Future<Void> publish(String topic, List<DomainEvent> events) {
    if (!isOpen()) {
      return Future.failedFuture(new IllegalStateException("the node is still starting"));
    }
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    var batch = new JsonArray(events.stream().map(DomainEvent::toCloudEvent).toList());
    var groups = new HashSet<>(vertx.sharedData().<String, Boolean>getLocalMap(groupsKey(topic)).keySet());
    return Future.all(groups.stream()
        .map(group -> vertx.eventBus().request(address(topic, group), batch, DELIVERY))
        .toList())
      .mapEmpty();
  }

  /**
   * A group takes the batches in the order they were sent (the local event bus keeps a sender's
   * order) and hands their events on at once, so the handler sees one subject's events in order.
   */
  @Override
  public Future<Void> subscribe(String group, Set<String> topics, Function<DomainEvent, Future<Void>> handler) {
    var registered = new ArrayList<Future<Void>>();
    for (var topic : topics) {
      MessageConsumer<JsonArray> consumer = vertx.eventBus().localConsumer(address(topic, group), message ->
        Future.all(message.body().stream()
            .map(cloudEvent -> handler.apply(DomainEvent.fromCloudEvent((JsonObject) cloudEvent)))
            .toList())
          .onSuccess(v -> message.reply(null))
          .onFailure(e -> message.fail(500, String.valueOf(e.getMessage()))));
      consumers.add(consumer);
      registered.add(consumer.completion().onSuccess(v -> {
        vertx.sharedData().getLocalMap(groupsKey(topic)).put(group, true);
        memberships.add(new String[] {topic, group});
      }));
    }
    return Future.all(registered).mapEmpty();
  }

  @Override
  public Future<Void> deadLetter(String topic, DomainEvent event, String error) {
    return Future.succeededFuture(); // the dead_letters table is the only place locally
  }

  @Override
  public Future<Void> close() {
    memberships.forEach(m -> vertx.sharedData().getLocalMap(groupsKey(m[0])).remove(m[1]));
    memberships.clear();
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  private static String address(String topic, String group) {
    return "events." + topic + "." + group;
  }

  private static String groupsKey(String topic) {
    return "shopifygenie.event-groups." + topic;
  }
}
