package com.shopifygenie.gateway;

import com.shopifygenie.platform.Problem;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A request for the contract validator, each parameter the text the client sent, percent-decoded
 * once. The validator's own extraction decodes query values, path segments and even headers a
 * second time ("100%25" fails, "%2541" becomes "A"), then reads every string that is not a bare
 * word as JSON ("\"cotton\"" loses its quotes, an entity tag list cannot be read). Here a string
 * parameter reaches it as a JSON string literal, which it reads back as exactly the text sent.
 * Path segments come decoded once by the router, query values by {@link QueryString}; text that
 * holds {@link UnsafeText} is refused here, before it is validated.
 */
final class RequestAsSent {

  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,18})");

  private RequestAsSent() {}

  /**
   * Start-up check: only primitive parameters are passed as sent; an array or object parameter
   * would need the validator's style splitting, which decodes again.
   */
  static void requirePrimitiveParameters(Operation operation) {
    for (var parameter : operation.getParameters()) {
      var type = parameter.getSchemaType();
      if (type == SchemaType.ARRAY || type == SchemaType.OBJECT) {
        throw new IllegalStateException(operation.getOperationId() + ": the gateway takes only primitive parameters, "
          + parameter.getIn().name().toLowerCase(Locale.ROOT) + " parameter " + parameter.getName() + " is an " + type);
      }
    }
  }

  static ValidatableRequest of(RoutingContext ctx, Operation operation) {
    Map<String, RequestParameter> cookies = new HashMap<>();
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    var queryString = QueryString.parse(ctx.request().query());
    for (var parameter : operation.getParameters()) {
      var name = parameter.getName();
      switch (parameter.getIn()) {
        case COOKIE -> {
          var cookie = ctx.request().getCookie(name);
          cookies.put(name, value(parameter, "cookie." + name, cookie == null ? null : cookie.getValue()));
        }
        case HEADER -> headers.put(name, value(parameter, "header." + name, ctx.request().getHeader(name)));
        case PATH -> path.put(name, value(parameter, "path." + name, ctx.pathParam(name)));
        case QUERY -> query.put(name, value(parameter, "query." + name, queryString.get(name)));
      }
    }
    if (operation.getRequestBody() == null) {
      return new ValidatableRequestImpl(cookies, headers, path, query);
    }
    var body = ctx.body() == null ? null : ctx.body().buffer();
    return new ValidatableRequestImpl(cookies, headers, path, query, new RequestParameterImpl(body),
      ctx.request().getHeader("Content-Type"));
  }

  private static RequestParameter value(Parameter parameter, String field, String sent) {
    if (sent == null) {
      return new RequestParameterImpl(null);
    }
    UnsafeText.checked(field, sent);
    // the validator reads the text as JSON, which also takes " 5" and "1e2" for integers
    if (parameter.getSchemaType() == SchemaType.INTEGER && !INTEGER.matcher(sent).matches()) {
      throw Problem.validation(field, "type", "An integer in decimal digits, such as 20");
    }
    return new RequestParameterImpl(parameter.getSchemaType() == SchemaType.STRING ? Json.encode(sent) : sent);
  }
}
