package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.ZoneOffset;
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
  private static final DeliveryOptions DELIVERY = new DeliveryOptions().setSendTimeout(60_000).setLocalOnly(true)
    .setCodecName(Batch.CODEC);

  private final Vertx vertx;
  private final List<MessageConsumer<Batch>> consumers = new ArrayList<>();

  public LocalEventTransport(Vertx vertx) {
    this.vertx = vertx;
    try {
      vertx.eventBus().registerCodec(new BatchCodec());
    } catch (IllegalStateException registeredByAnotherDomainOfThisNode) {
      // one codec per event bus serves every domain's transport
    }
  }

  /**
   * A delivery of events as they are, never written as JSON and read back: in one JVM a group
   * needs no envelope, only a copy of each event's data of its own (what the event bus' JSON codec
   * gave it before, at a tenth of the CPU of formatting and parsing every event for every group).
   */
  record Batch(List<DomainEvent> events) {
    static final String CODEC = "shopifygenie.local-events";

    Batch copy() {
      // in UTC, as the wire's form gave it
      return new Batch(events.stream().map(e -> new DomainEvent(e.id(), e.source(), e.type(), e.subject(),
        e.time().withOffsetSameInstant(ZoneOffset.UTC), e.data() == null ? null : e.data().copy())).toList());
    }
  }

  /**
   * Local deliveries ({@link #DELIVERY}) only copy; should a batch ever cross to another node, it
   * travels as a JSON array of CloudEvents.
   */
  static final class BatchCodec implements MessageCodec<Batch, Batch> {
    @Override
    public void encodeToWire(Buffer buffer, Batch batch) {
      var json = new JsonArray(batch.events().stream().map(DomainEvent::toCloudEvent).toList()).toBuffer();
      buffer.appendInt(json.length()).appendBuffer(json);
    }

    @Override
    public Batch decodeFromWire(int pos, Buffer buffer) {
      var json = new JsonArray(buffer.getBuffer(pos + 4, pos + 4 + buffer.getInt(pos)));
      return new Batch(json.stream().map(e -> DomainEvent.fromCloudEvent((JsonObject) e)).toList());
    }

    @Override
    public Batch transform(Batch batch) {
      return batch.copy();
    }

    @Override
    public String name() {
      return Batch.CODEC;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
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
    var batch = new Batch(List.copyOf(events));
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
      MessageConsumer<Batch> consumer = vertx.eventBus().localConsumer(address(topic, group), message ->
        Future.all(message.body().events().stream().map(handler).toList())
          .onSuccess(v -> message.reply(null))
          .onFailure(e -> message.fail(500, String.valueOf(e.getMessage()))));
      consumers.add(consumer);
      registered.add(consumer.completion()
        .onSuccess(v -> vertx.sharedData().getLocalMap(groupsKey(topic)).put(group, true)));
    }
    return Future.all(registered).mapEmpty();
  }

  @Override
  public Future<Void> deadLetter(String topic, DomainEvent event, String error) {
    return Future.succeededFuture(); // the dead_letters table is the only place locally
  }

  /**
   * Stops taking events, but the group stays listed: the events published meanwhile are its own
   * too, so their publish fails (no handler) and they stay in the outbox until it is back. A group
   * that left the list made them succeed without it and be marked published, lost to it for good
   * when the node stopped its domains one by one.
   */
  @Override
  public Future<Void> close() {
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  private static String address(String topic, String group) {
    return "events." + topic + "." + group;
  }

  private static String groupsKey(String topic) {
    return "shopifygenie.event-groups." + topic;
  }
}
