package com.shopifygenie.gateway;

import com.shopifygenie.platform.Contracts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Swagger UI at /api-docs listing every contract, and each contract at /openapi/&lt;domain&gt;.yaml. */
final class ApiDocs {

  private static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.34.1";

  private final Map<String, Buffer> contracts;
  private final Buffer initializer;

  private ApiDocs(Map<String, Buffer> contracts) {
    this.contracts = contracts;
    var urls = new JsonArray();
    contracts.keySet().forEach(domain ->
      urls.add(new JsonObject().put("url", "/openapi/" + domain + ".yaml").put("name", domain)));
    this.initializer = Buffer.buffer("window.onload = function () {\n"
      + "  window.ui = SwaggerUIBundle({\n"
      + "    urls: " + urls.encode() + ",\n"
      + "    dom_id: '#swagger-ui',\n"
      + "    deepLinking: true,\n"
      + "    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],\n"
      + "    plugins: [SwaggerUIBundle.plugins.DownloadUrl],\n"
      + "    layout: 'StandaloneLayout'\n"
      + "  });\n"
      + "};\n");
  }

  /** Reads the contracts once at start; they are part of the jar and never change while it runs. */
  static Future<ApiDocs> load(Vertx vertx, List<String> domains) {
    var reads = domains.stream().map(d -> vertx.fileSystem().readFile(Contracts.resource(d))).toList();
    return Future.all(reads).map(all -> {
      var contracts = new LinkedHashMap<String, Buffer>();
      for (int i = 0; i < domains.size(); i++) {
        contracts.put(domains.get(i), all.resultAt(i));
      }
      return new ApiDocs(contracts);
    });
  }

  /** GET and HEAD (a link checker or a proxy probes the docs with HEAD). */
  void mount(Router router) {
    // the route also matches "/api-docs/", which the static handler answers with the index page
    StaticFiles.read(router, "/api-docs").handler(ctx -> {
      if (ctx.request().path().endsWith("/")) {
        ctx.next();
      } else {
        ctx.redirect("/api-docs/");
      }
    });
    StaticFiles.read(router, "/api-docs/swagger-initializer.js").handler(ctx -> ctx.response()
      .putHeader("Content-Type", "application/javascript").end(initializer));
    StaticFiles.serve(StaticFiles.read(router, "/api-docs/*"), StaticHandler.create(SWAGGER_UI).setCachingEnabled(true));
    StaticFiles.read(router, "/openapi/:file").handler(ctx -> {
      var file = ctx.pathParam("file");
      var contract = file.endsWith(".yaml") ? contracts.get(file.substring(0, file.length() - 5)) : null;
      if (contract == null) {
        ctx.next();
        return;
      }
      ctx.response().putHeader("Content-Type", "application/yaml").end(contract);
    });
  }
}
