package com.shopifygenie.gateway;

import com.shopifygenie.platform.OperationBus;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Map;

/**
 * /health (this process answers), /health/ready (every domain answers and reaches its database)
 * and /health/services (the same, per domain). Each domain is asked over the event bus, so the
 * answer is the same whether it runs in this JVM or on another node.
 */
final class HealthEndpoints {

  private static final long CHECK_TIMEOUT_MS = 2000;

  private final HealthChecks checks;

  HealthEndpoints(Vertx vertx, List<String> domains) {
    this.checks = HealthChecks.create(vertx);
    var delivery = new DeliveryOptions().setSendTimeout(CHECK_TIMEOUT_MS);
    for (var domain : domains) {
      checks.register(domain, CHECK_TIMEOUT_MS, promise -> vertx.eventBus()
        .<JsonObject>request(OperationBus.healthAddress(domain), null, delivery)
        .onSuccess(reply -> {
          var data = reply.body();
          promise.complete("UP".equals(data.getString("status")) ? Status.OK(data) : Status.KO(data));
        })
        .onFailure(e -> promise.complete(Status.KO(new JsonObject().put("status", "DOWN")
          .put("error", "not reachable: " + e.getMessage())))));
    }
  }

  Map<String, Handler<RoutingContext>> handlers() {
    return Map.of(
      "getLiveness", ctx -> json(ctx, 200, new JsonObject().put("status", "UP")),
      "getReadiness", ctx -> checks.checkStatus().onComplete(result -> {
        var up = result.succeeded() && CheckResult.isUp(result.result());
        json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN"));
      }),
      "getServiceHealth", ctx -> checks.checkStatus().onComplete(result -> {
        var up = result.succeeded() && CheckResult.isUp(result.result());
        var services = new JsonArray();
        if (result.succeeded()) {
          result.result().getChecks().forEach(check -> services.add(service(check)));
        }
        json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("services", services));
      }));
  }

  private static JsonObject service(CheckResult check) {
    var data = check.getData() == null ? new JsonObject() : check.getData();
    var service = new JsonObject().put("name", check.getId()).put("status", CheckResult.isUp(check) ? "UP" : "DOWN");
    if (data.containsKey("database")) {
      service.put("database", data.getJsonObject("database"));
    }
    if (data.containsKey("error")) {
      service.put("error", data.getString("error"));
    }
    return service;
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
      .putHeader("Cache-Control", "no-store").end(body.toBuffer());
  }
}
