package com.shopifygenie.gateway;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.MimeMapping;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/** Pages and files served from the jar, for GET and HEAD alike. */
final class StaticFiles {

  private static final String INDEX = "index.html";

  private StaticFiles() {}

  /** Whether the path is among the pages and files served here (read with GET and HEAD only). */
  static boolean holds(String path) {
    return path.equals("/api-docs") || path.startsWith("/api-docs/") || path.equals("/live") || path.startsWith("/live/")
      || path.startsWith("/openapi/") && path.endsWith(".yaml");
  }

  /** A route for GET and HEAD (a link checker or a proxy probes pages with HEAD). */
  static Route read(Router router, String path) {
    return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
  }

  /** Serves the route with {@code files}, HEAD answered with the Content-Type of GET. */
  static void serve(Route route, StaticHandler files) {
    route.handler(StaticFiles::typeOfHead).handler(files.setIndexPage(INDEX));
  }

  /** Vert.x's static handler leaves the type out of its answer to HEAD; the file's name says it. */
  private static void typeOfHead(RoutingContext ctx) {
    if (ctx.request().method() == HttpMethod.HEAD) {
      var path = ctx.normalizedPath();
      var type = MimeMapping.mimeTypeForFilename(path.endsWith("/") ? path + INDEX : path);
      var response = ctx.response();
      ctx.addHeadersEndHandler(v -> {
        if (type != null && response.getStatusCode() == 200 && !response.headers().contains(HttpHeaders.CONTENT_TYPE)) {
          // as the GET's: text in the static handler's default encoding
          String value = type.startsWith("text") ? type + ";charset=UTF-8" : type;
          response.putHeader(HttpHeaders.CONTENT_TYPE, value);
        }
      });
    }
    ctx.next();
  }
}
