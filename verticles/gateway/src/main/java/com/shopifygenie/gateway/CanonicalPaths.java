package com.shopifygenie.gateway;

import com.shopifygenie.platform.Problem;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A request reaches the operation its path names, as the contracts spell it, or none. Vert.x's
 * router is more forgiving: it resolves dot segments, ignores a trailing or doubled slash, and lets
 * a template take a path the contracts declare literally for other methods.
 */
final class CanonicalPaths {

  /** The directories whose index pages the gateway serves under a trailing slash. */
  private static final List<String> PAGES = List.of("/api-docs/", "/live/");

  /** Paths without templates and the methods declared on each (PATCH /customers/me is not PATCH /customers/{id}). */
  private final Map<String, List<String>> literal = new HashMap<>();

  CanonicalPaths(List<OpenAPIContract> contracts) {
    for (var contract : contracts) {
      for (var path : contract.getPaths()) {
        if (path.getName().indexOf('{') < 0) {
          literal.put(path.getName(), path.getOperations().stream().map(o -> o.getHttpMethod().name()).toList());
        }
      }
    }
  }

  void handle(RoutingContext ctx) {
    var path = ctx.request().path();
    if (path == null) {
      ctx.next();
      return;
    }
    if (path.indexOf('.') >= 0 || path.indexOf('%') >= 0) {
      for (var segment : path.split("/", -1)) {
        var plain = segment.replace("%2e", ".").replace("%2E", ".");
        // the router resolves it away before it matches ("/users/%2e%2e" is "/"): another route than named
        if (plain.equals(".") || plain.equals("..")) {
          ctx.fail(Problem.validation("path", "dot-segment", "A path segment may not be \".\" or \"..\""));
          return;
        }
      }
    }
    if (path.contains("//") || path.length() > 1 && path.endsWith("/") && !PAGES.contains(path)) {
      ctx.fail(Problem.noRoute(path));
      return;
    }
    var methods = literal.get(path);
    var method = ctx.request().method() == HttpMethod.HEAD ? HttpMethod.GET : ctx.request().method();
    if (methods != null && method != HttpMethod.OPTIONS && !methods.contains(method.name())) {
      ctx.response().putHeader("Allow", HeadRequests.allow(new TreeSet<>(methods)));
      ctx.fail(Problem.methodNotAllowed(ctx.request().method().name(), path));
      return;
    }
    ctx.next();
  }
}
