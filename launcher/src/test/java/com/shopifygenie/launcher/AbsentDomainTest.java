package com.shopifygenie.launcher;

import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A gateway whose domains are not running answers fast and clearly instead of hanging. */
@ExtendWith(VertxExtension.class)
class AbsentDomainTest {

  static TestSystem system;

  @BeforeAll
  static void start(Vertx vertx) {
    system = TestSystem.create(vertx).deploy(GatewayVerticle::new);
  }

  @AfterAll
  static void stop() {
    system.stop();
  }

  @Test
  void aDispatchWithNoLiveHandlerIs503WellBeforeTheDispatchTimeout() {
    // a first request warms the cold JVM's path up, which on a loaded machine alone takes seconds
    system.client().post("/auth/login", new JsonObject().put("email", "a@example.com").put("password", "password-1"));
    var started = System.nanoTime();
    var reply = system.client().post("/auth/login",
      new JsonObject().put("email", "a@example.com").put("password", "password-1"));
    var millis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(503, reply.status());
    assertEquals("https://shopifygenie.dev/problems/unavailable", reply.json().getString("type"));
    // at once, not after the 10 s dispatch timeout a request to a handler that never answers waits for
    assertTrue(millis < 5000, "answered after " + millis + " ms");
  }

  @Test
  void readinessIsDownAndNamesTheMissingDomain() {
    assertEquals(503, system.client().get("/health/ready").status());
    var services = system.client().get("/health/services");
    assertEquals(503, services.status());
    var auth = services.json().getJsonArray("services").stream().map(io.vertx.core.json.JsonObject.class::cast)
      .filter(s -> s.getString("name").equals("auth")).findFirst().orElseThrow();
    assertEquals("DOWN", auth.getString("status"));
    assertEquals(200, system.client().get("/health").status());
  }
}
