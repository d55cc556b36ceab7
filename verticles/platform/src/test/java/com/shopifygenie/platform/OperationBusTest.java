package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.openapi.contract.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class OperationBusTest {

  /** The gateway's own contract, small enough to bind every operation to one handler. */
  private static final String DOMAIN = "gateway";

  /**
   * A stop answers the requests in hand before it completes (the pool closes after it), and
   * refuses the ones that come meanwhile as not begun, so the gateway may send them elsewhere.
   */
  @Test
  void aStopAnswersTheRequestsInHandAndRefusesNewOnes(Vertx vertx, VertxTestContext test) {
    var held = Promise.<OperationResponse>promise();
    Function<OperationRequest, Future<OperationResponse>> handler = request -> held.future();
    var bus = new OperationBus(vertx, DOMAIN);
    var address = OperationBus.address(DOMAIN, "getMetrics");
    var request = new JsonObject().put("operation", "getMetrics");
    Contracts.load(vertx, DOMAIN)
      .map(contract -> contract.operations().stream().map(Operation::getOperationId)
        .collect(Collectors.toMap(id -> id, id -> handler)))
      .compose(operations -> bus.serve(operations, () -> Future.succeededFuture(new JsonObject())))
      .compose(served -> {
        var inHand = vertx.eventBus().<JsonObject>request(address, request);
        // the handler has it once the bus delivered it
        return vertx.timer(100).compose(t -> {
          var stopped = bus.close();
          return vertx.timer(200).compose(t2 -> {
            assertFalse(stopped.isComplete(), "a stop waits for the request in hand");
            var late = vertx.eventBus().<JsonObject>request(address, request).map(m -> "answered")
              .recover(failure -> Future.succeededFuture(failure instanceof ReplyException reply
                && (reply.failureType() == ReplyFailure.NO_HANDLERS || reply.failureCode() == OperationBus.STOPPING)
                ? "refused" : failure.toString()));
            held.complete(OperationResponse.ok(new JsonObject().put("done", true)));
            return Future.all(inHand, stopped, late).map(all -> {
              assertTrue(inHand.result().body().getJsonObject("body").getBoolean("done"), inHand.result().body()::encode);
              assertEquals("refused", late.result());
              return all;
            });
          });
        });
      })
      .onComplete(test.succeedingThenComplete());
  }
}
