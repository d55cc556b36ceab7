package com.shopifygenie.gateway;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The page at /live where a person signs in and watches the live feed: static files from the jar
 * (live-page/), plain HTML and JavaScript. Its policy lets it run only its own script and style and
 * talk only to this origin, so nothing injected into the page (an event's text) can run.
 */
final class LivePage {

  private static final String FILES = "live-page";
  private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
    + "connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  private LivePage() {}

  /** GET and HEAD of /live (moved to /live/, so the page's relative paths hold) and its files. */
  static void mount(Router router) {
    // the route matches "/live/" as well, which the static handler answers with the page
    StaticFiles.read(router, "/live").handler(ctx -> {
      if (ctx.request().path().endsWith("/")) {
        ctx.next();
      } else {
        ctx.redirect("/live/");
      }
    });
    StaticFiles.serve(StaticFiles.read(router, "/live/*").handler(ctx -> {
      ctx.response().putHeader("Content-Security-Policy", POLICY);
      ctx.next();
    }), StaticHandler.create(FILES).setCachingEnabled(false).setDirectoryListing(false));
  }
}
