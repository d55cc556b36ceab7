package com.shopifygenie.gateway;

import com.shopifygenie.platform.Problem;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;

import java.util.HashMap;
import java.util.Map;

/**
 * Hands a request to the router of the one contract whose paths begin with its first segment
 * ("/products/…" to catalog's), as a sub-router mounted at "/" would take it. Mounted one after
 * another, every contract's router tried its routes on every request in turn (matching routes, the
 * request's own contract's and the others', was 4.5 % of the JVM's work on a GET). Each contract
 * owns its first segments, so a path has one router to try; a request whose first segment no
 * contract owns goes on to the routes after this one (docs, the live page, the 404).
 */
final class ContractRouters {

  /** The router decodes a path's segments to match it: a malformed one is refused, here as there. */
  static final Problem BAD_ENCODING = Problem.validation("path", "encoding", "The path is not percent-encoded UTF-8");

  private final Map<String, Router> byFirstSegment = new HashMap<>();

  /** Fails when two contracts begin paths with the same segment: which one answers would depend on order. */
  void add(OpenAPIContract contract, Router router) {
    for (var path : contract.getPaths()) {
      var segment = firstSegment(path.getName());
      var owner = byFirstSegment.putIfAbsent(segment, router);
      if (owner != null && owner != router) {
        throw new IllegalStateException("Two contracts have paths under /" + segment + ": each contract owns its "
          + "first path segments");
      }
    }
  }

  void handle(RoutingContext ctx) {
    String path;
    try {
      path = ctx.normalizedPath();
    } catch (IllegalArgumentException malformed) {
      ctx.fail(BAD_ENCODING);
      return;
    }
    var router = byFirstSegment.get(firstSegment(path));
    if (router == null) {
      ctx.next();
    } else {
      router.handleContext(ctx);
    }
  }

  /** "products" of "/products/{product_id}/inventory"; "" of "/". */
  private static String firstSegment(String path) {
    var end = path.indexOf('/', 1);
    return path.substring(1, end < 0 ? path.length() : end);
  }
}
