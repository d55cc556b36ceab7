package com.shopifygenie.launcher;

import com.shopifygenie.testkit.Reply;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a client checks on a refusal: the status, the problem+json media type, the kind, and the field and rule. */
final class ProblemAssertions {

  private ProblemAssertions() {}

  static void assertProblem(Reply reply, int status, String kind) {
    assertEquals(status, reply.status(), reply::toString);
    assertEquals("application/problem+json", reply.header("Content-Type"), reply::toString);
    assertEquals("https://shopifygenie.dev/problems/" + kind, reply.json().getString("type"), reply::toString);
  }

  /** A 400 whose first error names the field and the rule. */
  static void assertValidation(Reply reply, String field, String rule) {
    assertProblem(reply, 400, "validation");
    var error = reply.json().getJsonArray("errors").getJsonObject(0);
    assertEquals(field, error.getString("field"), reply::toString);
    assertEquals(rule, error.getString("rule"), reply::toString);
  }
}
