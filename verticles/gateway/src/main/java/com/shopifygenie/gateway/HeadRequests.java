package com.shopifygenie.gateway;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Collection;
import java.util.TreeSet;

/**
 * HEAD is answered as GET without the body (RFC 9110 §9.3.2): the same routes, so the same
 * authentication, validation and status, and the same headers. Vert.x already writes no body in an
 * answer to HEAD, but it also leaves out the Content-Length it adds to the GET's; this puts it back.
 */
final class HeadRequests {

  private HeadRequests() {}

  /** Every GET route of a router answers HEAD too. */
  static Router alongsideGet(Router router) {
    router.getRoutes().stream()
      .filter(route -> route.methods() != null && route.methods().contains(HttpMethod.GET))
      .forEach(route -> route.method(HttpMethod.HEAD));
    return router;
  }

  /** The methods of an Allow header: HEAD wherever GET is. */
  static String allow(Collection<String> methods) {
    var allowed = new TreeSet<>(methods);
    if (allowed.contains(HttpMethod.GET.name())) {
      allowed.add(HttpMethod.HEAD.name());
    }
    return String.join(", ", allowed);
  }

  /**
   * The first handler of a HEAD request: its answer says how long the GET's body is. An answer
   * ended in one go (the only way the gateway writes a whole body) is ended before its headers go
   * out, with all of its body counted; a streamed one (chunked, like the live feed) has no length
   * in either answer, and is left without.
   */
  static void handle(RoutingContext ctx) {
    var response = ctx.response();
    ctx.addHeadersEndHandler(v -> {
      if (response.ended() && !response.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
        response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(response.bytesWritten()));
      }
    });
    ctx.next();
  }
}
