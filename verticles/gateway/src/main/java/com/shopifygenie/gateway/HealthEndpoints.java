package com.shopifygenie.gateway;

import com.shopifygenie.platform.ClusterView;
import com.shopifygenie.platform.OperationBus;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.RoutingContext;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * /health (this process answers), /health/ready (every domain has at least one node that answers
 * and reaches its database) and /health/services (each domain, with each node serving it). The
 * nodes come from the cluster manager's registry of event bus consumers (this JVM alone when not
 * clustered); each node is asked on its own health address, so a dead node shows as DOWN until
 * the cluster drops it, and a domain stays UP while any of its nodes is.
 */
final class HealthEndpoints {

  private static final long CHECK_TIMEOUT_MS = 2000;

  private final Vertx vertx;
  private final HealthChecks checks;
  private final DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(CHECK_TIMEOUT_MS - 200);

  HealthEndpoints(Vertx vertx, List<String> domains) {
    this.vertx = vertx;
    this.checks = HealthChecks.create(vertx);
    for (var domain : domains) {
      checks.register(domain, CHECK_TIMEOUT_MS, promise -> domainHealth(domain).onComplete(result -> {
        if (result.failed()) {
          promise.complete(Status.KO(new JsonObject().put("error", "cluster not reachable: " + result.cause().getMessage())));
          return;
        }
        var nodes = result.result();
        var up = nodes.stream().map(JsonObject.class::cast).anyMatch(n -> "UP".equals(n.getString("status")));
        var data = new JsonObject().put("nodes", nodes);
        if (nodes.isEmpty()) {
          data.put("error", "no node runs " + domain);
        }
        promise.complete(up ? Status.OK(data) : Status.KO(data));
      }));
    }
  }

  /** One entry per node serving the domain: {node, status, database?, error?}. */
  private Future<JsonArray> domainHealth(String domain) {
    return ClusterView.nodesServing(vertx, OperationBus.healthAddress(domain)).compose(nodes -> {
      var asked = nodes.stream().map(node -> vertx.eventBus()
        .<JsonObject>request(OperationBus.healthAddress(domain, node), null, delivery)
        .map(reply -> reply.body().copy().put("node", node))
        .otherwise(e -> new JsonObject().put("node", node).put("status", "DOWN").put("error", "not reachable: " + e.getMessage())))
        .toList();
      return Future.all(asked).map(all -> new JsonArray(all.list()));
    });
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
    var nodes = data.getJsonArray("nodes", new JsonArray());
    // the database as the first healthy node sees it (every node of a domain uses the same one)
    nodes.stream().map(JsonObject.class::cast).filter(n -> n.containsKey("database"))
      .sorted((a, b) -> Boolean.compare(!"UP".equals(a.getString("status")), !"UP".equals(b.getString("status"))))
      .findFirst().ifPresent(n -> service.put("database", n.getJsonObject("database")));
    // the events as the node that waited longest sees them (the outbox is the domain's, shared)
    nodes.stream().map(JsonObject.class::cast).filter(n -> n.containsKey("events"))
      .max(Comparator.comparingDouble(n -> n.getJsonObject("events").getDouble("oldest_unpublished_seconds", 0.0)))
      .ifPresent(n -> service.put("events", n.getJsonObject("events")));
    service.put("nodes", new JsonArray(nodes.stream().map(JsonObject.class::cast).map(HealthEndpoints::node).toList()));
    if (data.containsKey("error")) {
      service.put("error", data.getString("error"));
    } else if (!CheckResult.isUp(check) && !nodes.isEmpty()) {
      service.put("error", nodes.getJsonObject(0).getString("error", "no node is up"));
    }
    return service;
  }

  private static JsonObject node(JsonObject reported) {
    var node = new JsonObject().put("node", reported.getString("node")).put("status",
      "UP".equals(reported.getString("status")) ? "UP" : "DOWN");
    if (reported.containsKey("error")) {
      node.put("error", reported.getString("error"));
    }
    return node;
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
      .putHeader("Cache-Control", "no-store").end(body.toBuffer());
  }
}
