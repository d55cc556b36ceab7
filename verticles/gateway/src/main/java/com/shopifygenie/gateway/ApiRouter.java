package com.shopifygenie.gateway;

import com.shopifygenie.platform.AccessTokens;
import com.shopifygenie.platform.Contracts;
import com.shopifygenie.platform.Problem;
import com.shopifygenie.platform.Settings;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;

import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Set;

/**
 * The public HTTP edge as one router: deadlines for slow clients, security headers, CORS, rate
 * limits and the body limit in front; then a router built by the OpenAPI router builder from
 * every contract, whose GET routes answer HEAD too ({@link HeadRequests}); docs; and one failure
 * handler that answers every error as problem+json.
 */
final class ApiRouter {

  /** The contract whose operations the gateway answers itself. */
  static final String GATEWAY = "gateway";

  private ApiRouter() {}

  static Future<Router> create(Vertx vertx, JsonObject config, AccessTokens tokens, SlowClients slowClients,
    LiveStreams live) {
    var http = Settings.section(config, "http");
    List<String> domains = config.getJsonArray("contracts").stream().map(String::valueOf).toList();
    long bodyLimit = http.getLong("body_limit_bytes", 1_048_576L);
    long timeout = http.getLong("dispatch_timeout_ms", 10_000L);
    var problems = new ProblemResponses(bodyLimit);
    var health = new HealthEndpoints(vertx, domains.stream().filter(d -> !d.equals(GATEWAY)).toList());

    var contracts = new java.util.concurrent.CopyOnWriteArrayList<OpenAPIContract>();
    var byContract = new ContractRouters();
    var routers = domains.stream().map(domain -> Future.all(Contracts.load(vertx, domain),
      Contracts.asWritten(vertx, domain)).map(loaded -> {
      OpenAPIContract contract = loaded.resultAt(0);
      contracts.add(contract);
      Map<String, Handler<RoutingContext>> local = domain.equals(GATEWAY) ? gatewayOwn(vertx, health, live) : Map.of();
      var builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
      var router = HeadRequests.alongsideGet(new OperationRoutes(vertx, tokens, contract, loaded.resultAt(1), domain,
        timeout).bind(builder, local).createRouter());
      router.route().failureHandler(problems::handle);
      byContract.add(contract, router);
      return router;
    })).toList();

    return Future.all(routers).compose(built -> ApiDocs.load(vertx, domains).map(docs -> {
      var root = Router.router(vertx);
      root.route().handler(slowClients::handle);
      root.route().method(HttpMethod.HEAD).handler(HeadRequests::handle);
      root.route().handler(ApiRouter::securityHeaders);
      root.route().handler(cors(http));
      root.route().handler(new CanonicalPaths(contracts)::handle);
      root.route().handler(RateLimits.of(vertx, config)::handle);
      root.route().handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
      root.route().handler(byContract::handle);
      docs.mount(root);
      LivePage.mount(root);
      // sub-routers each report their own 404, so a wrong method is recognised here, across all contracts
      root.route().handler(ctx -> unmatched(ctx, contracts));
      root.route().failureHandler(problems::handle);
      root.errorHandler(404, ctx -> ProblemResponses.write(ctx.response(), Problem.noRoute(ctx.request().path())));
      root.errorHandler(405, ctx -> ProblemResponses.write(ctx.response(),
        Problem.methodNotAllowed(ctx.request().method().name(), ctx.request().path())));
      // the router decodes path segments while it matches routes: a malformed one fails there
      root.errorHandler(400, ctx -> ProblemResponses.write(ctx.response(), ContractRouters.BAD_ENCODING));
      root.errorHandler(500, problems::handle);
      return root;
    }));
  }

  /** The operations of the gateway's own contract: health and metrics of this node, live feeds. */
  private static Map<String, Handler<RoutingContext>> gatewayOwn(Vertx vertx, HealthEndpoints health,
      LiveStreams live) {
    var own = new HashMap<>(health.handlers());
    own.put("getMetrics", new MetricsEndpoint(vertx).handler());
    own.put("streamLiveEvents", live.sse());
    own.put("openLiveSocket", new LiveSockets(vertx, live).handler());
    return own;
  }

  private static void unmatched(RoutingContext ctx, List<OpenAPIContract> contracts) {
    var path = ctx.request().path();
    var method = ctx.request().method();
    var allowed = contracts.stream().map(c -> c.findPath(path)).filter(Objects::nonNull)
      .flatMap(p -> p.getOperations().stream()).map(o -> o.getHttpMethod().name()).toList();
    if (allowed.isEmpty() && method != HttpMethod.GET && method != HttpMethod.HEAD && StaticFiles.holds(path)) {
      allowed = List.of(HttpMethod.GET.name());
    }
    if (allowed.isEmpty()) {
      ProblemResponses.write(ctx.response(), Problem.noRoute(path));
    } else {
      ctx.response().putHeader("Allow", HeadRequests.allow(allowed));
      ProblemResponses.write(ctx.response(), Problem.methodNotAllowed(method.name(), path));
    }
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
      .putHeader("X-Content-Type-Options", "nosniff")
      .putHeader("X-Frame-Options", "DENY")
      .putHeader("Content-Security-Policy", "frame-ancestors 'none'")
      .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }

  private static CorsHandler cors(JsonObject http) {
    var origins = http.getJsonArray("cors_origins");
    var cors = CorsHandler.create();
    if (origins != null) {
      origins.stream().map(String::valueOf).forEach(cors::addOrigin);
    }
    return cors
      .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE))
      // Last-Event-ID: a script resuming a live feed by fetch sets it
      .allowedHeaders(Set.of("Authorization", "Content-Type", "Idempotency-Key", "If-Match", "Last-Event-ID"))
      // what the contracts document in answers, readable by a script of another origin
      .exposedHeaders(Set.of("ETag", "Location", "Retry-After", "Idempotent-Replayed"))
      .maxAgeSeconds(600);
  }
}
