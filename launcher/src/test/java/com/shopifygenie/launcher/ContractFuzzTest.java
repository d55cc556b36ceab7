package com.shopifygenie.launcher;

import com.shopifygenie.accounting.AccountingVerticle;
import com.shopifygenie.analytics.AnalyticsVerticle;
import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.catalog.CatalogVerticle;
import com.shopifygenie.customers.CustomersVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.orders.OrdersVerticle;
import com.shopifygenie.platform.Contracts;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The contract fuzz: for every operation of every configured contract, a valid request built
 * from the schemas is broken in one place at a time (see {@link Mutations}). Each broken request
 * must answer the expected 4xx as a problem+json that the contract allows and that names the
 * broken field; never a 2xx, never a 5xx. Later domains are fuzzed as soon as their contract is
 * configured. Every failing case is reported at once.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractFuzzTest {

  private static final Pattern ANSWERED = Pattern.compile("answered (\\d{3})");
  /** The status of an answer the contract-checking client refused without saying which. */
  private static final int UNKNOWN = -1;

  private TestSystem system;
  private ApiClient api;
  private Vertx vertx;

  /** A request that was not answered as it must be. */
  private record Failure(String operation, String kind, String description, int status, String reason, String excerpt) {
    @Override
    public String toString() {
      return operation + " | " + description + " -> " + shown(status) + ": " + reason
        + (excerpt.isEmpty() ? "" : " | " + excerpt);
    }
  }

  /**
   * What came back: the status, the content type, the body, why the contract refused it (if it
   * did), and whether it was sent over a raw socket.
   */
  private record Answer(int status, String contentType, String body, String contractBreak, boolean raw) {}

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    system = TestSystem.create(vertx).deploy(AuthVerticle::new, CatalogVerticle::new, OrdersVerticle::new,
      CustomersVerticle::new, AccountingVerticle::new, AnalyticsVerticle::new, GatewayVerticle::new);
    api = system.client();
  }

  @AfterAll
  void stop() {
    system.stop();
  }

  @Test
  void everyOperationAnswersEveryBrokenInputWithAProblemNamingIt() {
    var fixtures = FuzzFixtures.create(api);
    var values = new ValidValues(fixtures.known());
    var failures = new ArrayList<Failure>();
    var sent = new TreeMap<String, Integer>();
    var broken = new TreeMap<String, Integer>();
    var kinds = new TreeMap<String, Integer>();
    var operations = new ArrayList<ContractOperation>();
    for (var domain : system.settings().getJsonArray("contracts")) {
      operations.addAll(ContractOperation.all(String.valueOf(domain), Contracts.load(vertx, String.valueOf(domain)).await()));
    }

    for (var operation : operations) {
      var token = operation.secured() ? fixtures.token(operation.roles()) : null;
      for (var mutation : Mutations.of(operation, values)) {
        var request = operation.valid(values);
        mutation.apply().accept(request);
        judge(operation, mutation, send(operation, request, token)).ifPresent(failures::add);
        sent.merge(operation.key(), 1, Integer::sum);
        broken.merge(operation.key(), 1, Integer::sum);
        kinds.merge(mutation.kind(), 1, Integer::sum);
      }
      // last, so that a state the valid request changes (a cancelled order) cannot hide a break
      var answer = send(operation, operation.valid(values), token);
      sent.merge(operation.key(), 1, Integer::sum);
      if (answer.status() == 400 || answer.status() >= 500 || answer.contractBreak() != null) {
        failures.add(new Failure(operation.key(), "valid", "the valid request", answer.status(),
          "a valid request must pass the contract and not fail the server", excerpt(answer)));
      }
    }

    var total = sent.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("contract fuzz: %d requests (%d broken, %d valid) over %d operations of %s%n", total,
      total - operations.size(), operations.size(), operations.size(), system.settings().getJsonArray("contracts").encode());
    System.out.println("  broken requests by kind: " + kinds);
    sent.forEach((key, count) -> System.out.printf("  %-36s %4d%n", key, count));

    var uncovered = operations.stream()
      .filter(o -> sent.getOrDefault(o.key(), 0) == 0 || (o.hasInput() && broken.getOrDefault(o.key(), 0) == 0))
      .map(ContractOperation::key).toList();
    if (!failures.isEmpty() || !uncovered.isEmpty()) {
      var report = (uncovered.isEmpty() ? "" : "operations the fuzz did not reach: " + uncovered + "\n") + report(failures);
      System.out.println(report);
      fail(failures.size() + " of " + total + " fuzz requests were answered wrongly\n" + report);
    }
  }

  private Answer send(ContractOperation operation, FuzzRequest request, String token) {
    try {
      return sendOrThrow(operation, request, token);
    } catch (RuntimeException | AssertionError e) {
      // a connection held open or refused: reported with the rest
      return new Answer(0, null, "", "no answer: " + e, request.needsRawSocket());
    }
  }

  private Answer sendOrThrow(ContractOperation operation, FuzzRequest request, String token) {
    var headers = new LinkedHashMap<>(request.headers);
    if (token != null && request.withCredentials) {
      headers.put("Authorization", "Bearer " + token);
    }
    if (request.needsRawSocket()) {
      RawHttp.Response raw;
      try (var http = new RawHttp(system.port())) {
        raw = RawHttp.responses(http.send(request.wire(system.port(), headers)).untilClosed()).get(0);
      }
      var declared = operation.operation().getResponse(raw.status()) != null
        || operation.operation().getDefaultResponse() != null;
      String contractBreak = declared ? problemBreak(raw.status(), raw.header("Content-Type"), raw.body())
        : "the contract declares no " + raw.status() + " for " + operation.key();
      if (contractBreak != null) {
        contractBreak += " (headers " + raw.headers() + ", body \"" + raw.body() + "\")";
      }
      return new Answer(raw.status(), raw.header("Content-Type"), raw.body(), contractBreak, true);
    }
    try {
      var reply = api.send(request.method, request.uri(), request.bodyBuffer(), request.contentType, headers);
      return new Answer(reply.status(), reply.header("Content-Type"), reply.text(), null, false);
    } catch (AssertionError e) {
      // the client refused an answer that breaks the contract; its message says what came back
      var status = ANSWERED.matcher(String.valueOf(e.getMessage()));
      var code = status.find() ? Integer.parseInt(status.group(1)) : UNKNOWN;
      return new Answer(code, null, "", String.valueOf(e.getMessage()), false);
    }
  }

  /** For answers read off a socket: the checks the contract-checking client makes of a problem. */
  private static String problemBreak(int status, String contentType, String body) {
    if (status < 400) {
      return null;
    }
    if (!Contracts.PROBLEM_JSON.equals(contentType)) {
      return "answered " + status + " as " + contentType + ", not " + Contracts.PROBLEM_JSON;
    }
    try {
      var problem = new JsonObject(body);
      var whole = problem.getString("type") != null && problem.getString("title") != null
        && Integer.valueOf(status).equals(problem.getInteger("status"));
      return whole ? null : "answered " + status + " with a malformed problem";
    } catch (RuntimeException e) {
      return "answered " + status + " with a problem that is not JSON";
    }
  }

  private static Optional<Failure> judge(ContractOperation operation, Mutations.Mutation mutation, Answer answer) {
    var status = answer.status();
    String reason = null;
    if (status == 0) {
      reason = "no answer";
    } else if (status >= 500) {
      reason = "server error";
    } else if (status >= 200 && status < 300) {
      reason = "accepted";
    } else if (answer.contractBreak() != null) {
      reason = "answer breaks the contract";
    } else if (!mutation.expected().contains(status)) {
      reason = "expected " + mutation.expected().stream().sorted().map(String::valueOf).collect(Collectors.joining(" or "));
    } else if (answer.contentType() == null || !answer.contentType().startsWith(Contracts.PROBLEM_JSON)) {
      reason = "not " + Contracts.PROBLEM_JSON + " but " + answer.contentType();
    } else if (status == 400 && mutation.field() != null) {
      reason = misnamed(mutation.field(), answer);
    }
    return reason == null ? Optional.empty() : Optional.of(new Failure(operation.key(), mutation.kind(),
      mutation.description(), status, reason, excerpt(answer)));
  }

  /**
   * Why the problem's errors do not name the broken field alone, or null when they do: each
   * request breaks one thing, so every error is about that field (or what is inside it).
   */
  private static String misnamed(String field, Answer answer) {
    JsonArray errors;
    try {
      errors = new JsonObject(answer.body()).getJsonArray("errors", new JsonArray());
    } catch (RuntimeException e) {
      return "the problem is not JSON";
    }
    var fields = errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
    // a NUL in a header stops the HTTP decoder before any route learns which header held it
    if (answer.raw() && !fields.isEmpty() && fields.stream().allMatch(f -> f != null && f.startsWith("header"))) {
      return null;
    }
    if (fields.stream().noneMatch(f -> names(field, f))) {
      return "errors do not name " + field + " (they name " + fields + ")";
    }
    var others = errors.stream().map(JsonObject.class::cast).filter(e -> !names(field, e.getString("field")))
      .map(e -> e.getString("field") + " (" + e.getString("rule") + ")").toList();
    return others.isEmpty() ? null : "errors also name " + others + " besides " + field;
  }

  private static boolean names(String field, String named) {
    if (named == null) {
      return false;
    }
    var whole = field.equals("/") || field.equals("body");
    return named.equalsIgnoreCase(field) || named.startsWith(field + "/")
      || (whole && (named.equals("/") || named.equals("body")));
  }

  private static String excerpt(Answer answer) {
    var text = answer.contractBreak() != null && answer.body().isEmpty() ? answer.contractBreak() : answer.body();
    var flat = text.replace("\n", " ").replace("\u0000", "\\u0000");
    return flat.length() > 240 ? flat.substring(0, 240) + "..." : flat;
  }

  private static String shown(int status) {
    return status == 0 ? "no answer" : status == UNKNOWN ? "?" : String.valueOf(status);
  }

  /** The failures grouped by what was broken and how it was answered, then each one. */
  private static String report(List<Failure> failures) {
    var groups = new TreeMap<String, List<Failure>>();
    failures.forEach(f -> groups.computeIfAbsent(f.kind() + " -> " + shown(f.status())
      + " (" + f.reason().replaceAll(" \\(.*", "").replaceAll(" \\[.*", "") + ")", k -> new ArrayList<>()).add(f));
    var report = new StringBuilder("contract fuzz failures by class:\n");
    groups.forEach((group, members) -> report.append(String.format("  %4d  %s%n", members.size(), group)));
    report.append("every failing case:\n");
    groups.values().forEach(members -> members.forEach(f -> report.append("  ").append(f).append('\n')));
    return report.toString();
  }
}
