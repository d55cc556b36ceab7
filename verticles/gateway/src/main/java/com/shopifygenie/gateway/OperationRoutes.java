package com.shopifygenie.gateway;

import com.shopifygenie.platform.AccessTokens;
import com.shopifygenie.platform.Caller;
import com.shopifygenie.platform.OperationBus;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Problem;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The handler chain of every operation of one contract: authenticate the bearer token and check
 * the operation's x-roles (401/403 come before any look at the input), pick the media type to
 * answer in (406), validate the request against the contract (400), then dispatch it to
 * "&lt;domain&gt;.&lt;operationId&gt;" on the event bus, or to a handler of the gateway's own.
 */
final class OperationRoutes {

  private static final String CALLER = "caller";
  private static final String ACCESS_TOKEN = "access_token";
  private static final String MEDIA_TYPE = "media_type";

  private final AccessTokens tokens;
  private final OpenAPIContract contract;
  private final JsonObject asWritten;
  private final String domain;
  private final ContractValidator validator;
  private final RequestProblems problems;
  private final DomainDispatch toDomain;

  OperationRoutes(Vertx vertx, AccessTokens tokens, OpenAPIContract contract, JsonObject asWritten, String domain,
      long timeoutMs) {
    this.tokens = tokens;
    this.contract = contract;
    this.asWritten = asWritten;
    this.domain = domain;
    this.validator = new ContractValidator(contract);
    this.problems = new RequestProblems(contract);
    this.toDomain = new DomainDispatch(vertx, timeoutMs);
  }

  /** Binds every operation; those in {@code local} are answered by the gateway itself. */
  RouterBuilder bind(RouterBuilder builder, Map<String, Handler<RoutingContext>> local) {
    for (var operation : contract.operations()) {
      RequestAsSent.requirePrimitiveParameters(operation);
      var route = builder.getRoute(operation.getOperationId());
      // the builder would authenticate after validating; we want 401/403 before 400
      route.setDoSecurity(false).setDoValidation(false)
        .addHandler(authenticate(operation))
        .addHandler(negotiate(ContentNegotiation.of(operation, asWritten)))
        .addHandler(validate(operation))
        .addHandler(local.getOrDefault(operation.getOperationId(), dispatch(operation)));
    }
    return builder;
  }

  static Caller caller(RoutingContext ctx) {
    Caller caller = ctx.get(CALLER);
    return caller == null ? Caller.ANONYMOUS : caller;
  }

  private Handler<RoutingContext> authenticate(Operation operation) {
    var requirements = operation.getSecurityRequirements();
    var open = requirements == null || requirements.isEmpty() || requirements.stream().anyMatch(r -> r.isEmpty());
    if (open) {
      return RoutingContext::next;
    }
    Set<String> roles = rolesOf(operation);
    var inQuery = tokenQueryParameter(operation);
    return ctx -> {
      String token;
      try {
        token = accessToken(ctx, inQuery);
      } catch (Problem malformed) {
        ctx.fail(malformed);
        return;
      }
      if (token == null) {
        ctx.fail(Problem.unauthorized("A bearer access token is required"));
        return;
      }
      tokens.verify(token)
        .onSuccess(caller -> {
          if (!roles.isEmpty() && !roles.contains(caller.role().wireName())) {
            ctx.fail(Problem.forbidden("The role " + caller.role().wireName() + " may not "
              + operation.getOperationId()));
            return;
          }
          ctx.put(CALLER, caller);
          ctx.next();
        })
        .onFailure(ctx::fail);
    };
  }

  /**
   * The access token of a request: the bearer token of its Authorization header or, where the
   * operation declares an {@code access_token} query parameter (browsers' EventSource and
   * WebSocket cannot set headers), that parameter of a request without the header.
   */
  static String accessToken(RoutingContext ctx, String inQuery) {
    var header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() >= 8) {
      return header.substring(7).trim();
    }
    if (header == null && inQuery != null) {
      var token = QueryString.parse(ctx.request().query()).get(inQuery);
      return token == null || token.isBlank() ? null : token;
    }
    return null;
  }

  /** The query parameter that may carry the operation's access token, or null. */
  private static String tokenQueryParameter(Operation operation) {
    return operation.getParameters().stream()
      .anyMatch(p -> p.getIn() == Location.QUERY && ACCESS_TOKEN.equals(p.getName())) ? ACCESS_TOKEN : null;
  }

  private static Set<String> rolesOf(Operation operation) {
    var roles = operation.getExtensions().get("x-roles");
    if (roles instanceof JsonArray list) {
      return list.stream().map(String::valueOf).collect(Collectors.toSet());
    }
    if (roles instanceof List<?> list) {
      return list.stream().map(String::valueOf).collect(Collectors.toSet());
    }
    return Set.of();
  }

  /**
   * Picks the media type to answer in by the request's Accept header, or answers 406 when it
   * allows none the operation answers in. The pick goes to the domain as the request's Accept.
   */
  private static Handler<RoutingContext> negotiate(ContentNegotiation negotiation) {
    if (!negotiation.negotiates()) {
      return RoutingContext::next;
    }
    return ctx -> {
      var accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
      var chosen = negotiation.choose(accept);
      if (chosen == null) {
        ctx.fail(Problem.of(406, "not-acceptable", "Not acceptable", "This operation answers in "
          + String.join(", ", negotiation.offered()) + "; the Accept header allows none of them (RFC 9110 §12.5.1)"));
        return;
      }
      if (accept != null) {
        ctx.put(MEDIA_TYPE, chosen);
      }
      ctx.next();
    };
  }

  /** Validates the request as sent against the contract; no unsafe text passes, in any part of it. */
  private Handler<RoutingContext> validate(Operation operation) {
    return ctx -> {
      ValidatableRequest request;
      try {
        UnsafeText.refuseInHeaders(ctx.request().headers());
        request = RequestAsSent.of(ctx, operation);
      } catch (Problem refused) {
        ctx.fail(refused);
        return;
      }
      ValidatedRequest validated;
      try {
        validated = validator.validate(request, operation);
        if (validated.getBody() != null && !validated.getBody().isNull()) {
          UnsafeText.refuseInBody(validated.getBody().get());
        }
      } catch (ValidatorException invalid) {
        ctx.fail(problems.from(invalid, operation));
        return;
      } catch (RuntimeException refused) {
        ctx.fail(refused);
        return;
      }
      ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
      ctx.next();
    };
  }

  private Handler<RoutingContext> dispatch(Operation operation) {
    var address = OperationBus.address(domain, operation.getOperationId());
    return ctx -> {
      ValidatedRequest validated = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
      var request = new JsonObject()
        .put("operation", operation.getOperationId())
        .put("path", toJson(validated.getPathParameters()))
        .put("query", toJson(validated.getQuery()))
        .put("headers", rawHeaders(ctx, validated))
        .put("body", validated.getBody() == null ? null : validated.getBody().get())
        .put("caller", caller(ctx).toJson());
      toDomain.request(address, request)
        .onSuccess(reply -> write(ctx, OperationResponse.fromJson(reply)))
        .onFailure(failure -> ctx.fail(unreachable(failure)));
    };
  }

  private Problem unreachable(Throwable failure) {
    if (DomainDispatch.refusedUnbegun(failure)) {
      return Problem.unavailable("The " + domain + " service is stopping", 1);
    }
    if (failure instanceof ReplyException reply) {
      switch (reply.failureType()) {
        case NO_HANDLERS:
          return Problem.unavailable("The " + domain + " service is not running", 5);
        case TIMEOUT:
          return Problem.unavailable("The " + domain + " service did not answer in time");
        default:
          break;
      }
    }
    return Problem.internal();
  }

  /**
   * The declared headers as sent: the validator reads "null" or "true" as JSON, but an
   * Idempotency-Key or an ETag is an opaque string. Accept goes along too, as the one media type
   * the gateway picked from it, so a domain answers in it (OpenAPI leaves Accept out of the
   * parameters: a contract says what it answers through its responses' media types).
   */
  private static JsonObject rawHeaders(RoutingContext ctx, ValidatedRequest validated) {
    var json = new JsonObject();
    validated.getHeaders().keySet().forEach(name -> {
      // a list header (If-Match) may come in several lines: they are one list (RFC 9110 §5.3);
      // the edge refused a second line of any other
      var lines = ctx.request().headers().getAll(name);
      if (!lines.isEmpty()) {
        json.put(name.toLowerCase(), String.join(", ", lines));
      }
    });
    String chosen = ctx.get(MEDIA_TYPE);
    var accept = chosen != null ? chosen : ctx.request().getHeader(HttpHeaders.ACCEPT);
    if (accept != null) {
      json.put("accept", accept);
    }
    return json;
  }

  private static JsonObject toJson(Map<String, RequestParameter> parameters) {
    var json = new JsonObject();
    parameters.forEach((name, value) -> {
      if (value != null && !value.isNull()) {
        json.put(name, value.get());
      }
    });
    return json;
  }

  static void write(RoutingContext ctx, OperationResponse answer) {
    var response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(answer.status()).putHeader("Cache-Control", "no-store");
    answer.headers().forEach(h -> response.putHeader(h.getKey(), String.valueOf(h.getValue())));
    if (answer.body() == null) {
      response.end();
    } else {
      if (!response.headers().contains("Content-Type")) {
        response.putHeader("Content-Type", "application/json");
      }
      // a text answer (CSV) is written as it is; anything else is JSON
      var text = answer.body() instanceof String && response.headers().get("Content-Type").startsWith("text/");
      response.end(text ? Buffer.buffer((String) answer.body()) : Json.encodeToBuffer(answer.body()));
    }
  }
}
