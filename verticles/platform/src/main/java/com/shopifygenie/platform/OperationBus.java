package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Serves a domain's operations on the event bus at "&lt;domain&gt;.&lt;operationId&gt;", the
 * addresses the gateway dispatches to. Start-up fails when the handlers and the domain's
 * contract disagree, so no operation is left unanswered and no handler is dead code.
 */
public final class OperationBus {

  private static final Logger LOG = LoggerFactory.getLogger(OperationBus.class);

  /** The address a domain answers health checks on. */
  public static String healthAddress(String domain) {
    return domain + "._health";
  }

  /** The address the instances of a domain on one node answer health checks on. */
  public static String healthAddress(String domain, String nodeId) {
    return healthAddress(domain) + "." + nodeId;
  }

  public static String address(String domain, String operationId) {
    return domain + "." + operationId;
  }

  /**
   * The failure code of a request an instance refused because it is stopping: it did nothing with
   * it, so the request may go again, to another instance.
   */
  public static final int STOPPING = 4503;

  /** How long a stop waits for the requests in hand to be answered. */
  private static final long DRAIN_MS = 15_000;

  private final Vertx vertx;
  private final String domain;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private boolean stopping;
  private int inHand;
  private Promise<Void> drained;

  public OperationBus(Vertx vertx, String domain) {
    this.vertx = vertx;
    this.domain = domain;
  }

  /** Registers every operation of the contract and a health check answering {status, checks}. */
  public Future<Void> serve(Map<String, Function<OperationRequest, Future<OperationResponse>>> operations,
                            Supplier<Future<JsonObject>> health) {
    return Contracts.load(vertx, domain).compose(contract -> {
      var declared = contract.operations().stream().map(Operation::getOperationId).collect(Collectors.toSet());
      var unbound = new TreeSet<>(declared);
      unbound.removeAll(operations.keySet());
      var unknown = new TreeSet<>(operations.keySet());
      unknown.removeAll(declared);
      if (!unbound.isEmpty() || !unknown.isEmpty()) {
        return Future.failedFuture(new IllegalStateException(domain + " contract and handlers disagree: "
          + "without handler " + unbound + ", not in the contract " + unknown));
      }
      var registered = new ArrayList<Future<Void>>();
      operations.forEach((operationId, handler) -> {
        MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address(domain, operationId),
          message -> answer(message, handler));
        consumers.add(consumer);
        registered.add(consumer.completion());
      });
      // the domain's address tells the cluster which nodes serve it; the node's address asks one of them
      for (var address : List.of(healthAddress(domain), healthAddress(domain, ClusterView.nodeId(vertx)))) {
        MessageConsumer<JsonObject> healthConsumer = vertx.eventBus().consumer(address,
          message -> health.get().onComplete(result -> message.reply(result.succeeded() ? result.result()
            : new JsonObject().put("status", "DOWN").put("error", String.valueOf(result.cause().getMessage())))));
        consumers.add(healthConsumer);
        registered.add(healthConsumer.completion());
      }
      return Future.all(registered).mapEmpty();
    });
  }

  private void answer(Message<JsonObject> message,
                      Function<OperationRequest, Future<OperationResponse>> handler) {
    if (stopping) {
      message.fail(STOPPING, domain + " is stopping on this node");
      return;
    }
    inHand++;
    Future<OperationResponse> response;
    try {
      response = handler.apply(OperationRequest.fromJson(message.body()));
    } catch (Throwable e) {
      // whatever a handler throws, the gateway gets an answer now rather than a timeout
      response = Future.failedFuture(e);
    }
    response
      .recover(failure -> {
        if (!(failure instanceof Problem)) {
          LOG.error("{} failed on {}", message.address(), domain, failure);
        }
        return Future.succeededFuture(Problem.from(failure).toResponse());
      })
      .onSuccess(r -> message.reply(r.toJson()))
      .onComplete(done -> {
        if (--inHand == 0 && drained != null) {
          drained.tryComplete();
        }
      });
  }

  /**
   * Stops taking requests: what comes from now on is refused at once ({@link #STOPPING}), the
   * addresses are given up, and the requests in hand are answered before this completes.
   */
  public Future<Void> close() {
    stopping = true;
    drained = Promise.promise();
    if (inHand == 0) {
      drained.tryComplete();
    }
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
      .compose(v -> drained.future().timeout(DRAIN_MS, TimeUnit.MILLISECONDS))
      .recover(late -> {
        LOG.warn("{}: {} requests still in hand after {} ms; stopping anyway", domain, inHand, DRAIN_MS);
        return Future.succeededFuture();
      });
  }
}
