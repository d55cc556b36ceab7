package com.shopifygenie.platform;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class IdempotencyKeysTest {

  @Test
  void aRequestsFingerprintIgnoresMemberOrderButNotValues() {
    var a = new JsonObject("{\"b\":1,\"a\":{\"y\":2,\"x\":[1,{\"q\":1,\"p\":2}]}}");
    var b = new JsonObject("{\"a\":{\"x\":[1,{\"p\":2,\"q\":1}],\"y\":2},\"b\":1}");
    assertEquals(IdempotencyKeys.fingerprint(a), IdempotencyKeys.fingerprint(b));
    assertNotEquals(IdempotencyKeys.fingerprint(a), IdempotencyKeys.fingerprint(b.copy().put("b", 2)));
  }
}
