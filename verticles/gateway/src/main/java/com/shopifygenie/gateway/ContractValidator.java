package com.shopifygenie.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.analyser.ApplicationJsonAnalyser;
import io.vertx.openapi.validation.analyser.ContentAnalyser;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.vertx.openapi.validation.SchemaValidationException.createErrorFromOutputUnitType;
import static io.vertx.openapi.validation.SchemaValidationException.createInvalidValueBody;
import static io.vertx.openapi.validation.ValidationContext.REQUEST;

/**
 * Validates a request against its operation as vertx-openapi's RequestValidator does, with its
 * transformers, content analysers and errors, minus two costs a profile of the gateway showed:
 * the library builds a new schema validator, copying every schema of the contract, for each
 * parameter and body of each request, and it hops to a worker thread and back to do it. Here each
 * validator is built once, when the routes are, and validation runs on the event loop: bounded
 * work, since the body's size is limited before it gets here.
 */
final class ContractValidator {

  private final SchemaRepository schemas;
  private final Map<Style, ParameterTransformer> transformers = new EnumMap<>(Style.class);
  /** Built once, read only afterwards: safe to share between event loops. */
  private final Map<Parameter, Validator> parameters = new IdentityHashMap<>();
  private final Map<MediaType, Validator> bodies = new IdentityHashMap<>();
  private static final int REMEMBERED_PER_PARAMETER = 4096;
  /** Per parameter (the map built once), values found valid, as typed; shared by the event loops. */
  private final Map<Parameter, Map<String, Object>> valid = new IdentityHashMap<>();

  ContractValidator(OpenAPIContract contract) {
    this.schemas = contract.getSchemaRepository();
    transformers.put(Style.SIMPLE, new SimpleTransformer());
    transformers.put(Style.LABEL, new LabelTransformer());
    transformers.put(Style.MATRIX, new MatrixTransformer());
    transformers.put(Style.FORM, new FormTransformer());
    for (var operation : contract.operations()) {
      for (var parameter : operation.getParameters()) {
        parameters.put(parameter, schemas.validator(parameter.getSchema()));
        valid.put(parameter, new ConcurrentHashMap<>());
      }
      if (operation.getRequestBody() != null) {
        for (var mediaType : operation.getRequestBody().getContent().values()) {
          if (mediaType.getSchema() != null) {
            bodies.put(mediaType, schemas.validator(mediaType.getSchema()));
          }
        }
      }
    }
  }

  /** The request's parameters and body as the contract types them; a ValidatorException says what is wrong. */
  ValidatedRequest validate(ValidatableRequest request, Operation operation) {
    var cookies = new HashMap<String, RequestParameter>();
    var headers = new HashMap<String, RequestParameter>();
    var path = new HashMap<String, RequestParameter>();
    var query = new HashMap<String, RequestParameter>();
    for (var parameter : operation.getParameters()) {
      var name = parameter.getName();
      switch (parameter.getIn()) {
        case COOKIE -> cookies.put(name, parameter(parameter, request.getCookies().get(name)));
        case HEADER -> headers.put(name, parameter(parameter, request.getHeaders().get(name)));
        case PATH -> path.put(name, parameter(parameter, request.getPathParameters().get(name)));
        case QUERY -> query.put(name, parameter(parameter, request.getQuery().get(name)));
      }
    }
    return new ValidatedRequestImpl(cookies, headers, path, query, body(operation.getRequestBody(), request));
  }

  private RequestParameter parameter(Parameter parameter, RequestParameter value) {
    if (value == null || value.isNull()) {
      if (parameter.isRequired()) {
        throw ValidatorException.createMissingRequiredParameter(parameter);
      }
      return new RequestParameterImpl(null);
    }
    var transformer = transformers.get(parameter.getStyle());
    if (transformer == null) {
      throw ValidatorException.createUnsupportedValueFormat(parameter);
    }
    var raw = String.valueOf(value.get());
    var known = valid.get(parameter);
    var seen = known == null ? null : known.get(raw);
    if (seen != null) {
      return new RequestParameterImpl(seen);
    }
    var transformed = transformer.transform(parameter, raw);
    var result = validator(parameters, parameter, parameter.getSchema()).validate(transformed);
    try {
      result.checkValidity();
      remember(parameter, raw, transformed);
      return new RequestParameterImpl(transformed);
    } catch (JsonSchemaValidationException e) {
      throw createErrorFromOutputUnitType(parameter, result, e);
    }
  }

  /**
   * A valid parameter's value as typed, by its text: validating the same product id again costs a
   * tenth of a GET's CPU (the schema validator's generic walk), and its outcome is a pure function
   * of the text. Only immutable values are kept (a string, a number, a boolean), a few thousand per
   * parameter at most; invalid ones are always validated again, for their error.
   */
  private void remember(Parameter parameter, String raw, Object transformed) {
    if (!(transformed instanceof String || transformed instanceof Number || transformed instanceof Boolean)) {
      return;
    }
    var known = valid.get(parameter);
    if (known == null) {
      return;
    }
    if (known.size() >= REMEMBERED_PER_PARAMETER) {
      known.clear();
    }
    known.put(raw, transformed);
  }

  private RequestParameter body(RequestBody requestBody, ValidatableRequest request) {
    if (requestBody == null) {
      return new RequestParameterImpl(null);
    }
    if (request.getBody() == null || request.getBody().isEmpty()) {
      if (requestBody.isRequired()) {
        throw new ValidatorException("The related request does not contain the required body.",
          ValidatorErrorType.MISSING_REQUIRED_PARAMETER);
      }
      return new RequestParameterImpl(null);
    }
    var mediaType = declared(requestBody, request.getContentType());
    Buffer content = request.getBody().getBuffer(Buffer.buffer());
    var analyser = mediaType == null ? null
      : ContentAnalyser.getContentAnalyser(mediaType, request.getContentType(), content, REQUEST);
    if (analyser == null) {
      throw new ValidatorException("The format of the " + REQUEST + " body is not supported",
        ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT);
    }
    // JSON is read once, strictly, in place of the analyser's lenient reading
    var json = analyser instanceof ApplicationJsonAnalyser;
    var transformed = json ? StrictJson.parse(content) : null;
    if (!json) {
      analyser.checkSyntacticalCorrectness();
    }
    if (!schemaApplies(mediaType)) {
      return new RequestParameterImpl(content);
    }
    if (!json) {
      transformed = analyser.transform();
    }
    var result = validator(bodies, mediaType, mediaType.getSchema()).validate(transformed);
    try {
      result.checkValidity();
      return new RequestParameterImpl(transformed);
    } catch (JsonSchemaValidationException e) {
      throw createInvalidValueBody(result, REQUEST, e);
    }
  }

  /**
   * The declared media type the request's Content-Type names: its type and subtype, matched whole
   * and in any case (RFC 9110 §8.3.1), its parameters aside. The contract's own lookup matched by
   * prefix and case: "application/jsonx" passed as JSON, "Application/JSON" did not.
   */
  static MediaType declared(RequestBody requestBody, String contentType) {
    if (contentType == null) {
      return null;
    }
    var essence = essence(contentType);
    return requestBody.getContent().entrySet().stream().filter(e -> essence(e.getKey()).equals(essence))
      .map(Map.Entry::getValue).findFirst().orElse(null);
  }

  private static String essence(String mediaType) {
    var end = mediaType.indexOf(';');
    return (end < 0 ? mediaType : mediaType.substring(0, end)).strip().toLowerCase(Locale.ROOT);
  }

  /** A body without a schema, or a plain binary string, is taken as it is (OpenAPI 3.1). */
  private static boolean schemaApplies(MediaType mediaType) {
    var schema = mediaType.getSchema();
    if (schema == null) {
      return false;
    }
    var plainBinary = "string".equalsIgnoreCase(schema.get("type")) && "binary".equalsIgnoreCase(schema.get("format"))
      && schema.fieldNames().size() == 2;
    return !plainBinary;
  }

  private <K> Validator validator(Map<K, Validator> built, K key, JsonSchema schema) {
    var validator = built.get(key);
    return validator != null ? validator : schemas.validator(schema);
  }
}
