package com.shopifygenie.launcher;

import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.platform.Settings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow clients cannot hold connections (slowloris): a connection that sends nothing or trickles
 * its headers is closed, and a request whose body never completes is answered 408 and closed.
 * The timeouts are set to a second here; the test waits up to {@link RawHttp#PATIENCE_MS}.
 */
@ExtendWith(VertxExtension.class)
class SlowClientsTest {

  static TestSystem system;

  @BeforeAll
  static void start(Vertx vertx) {
    system = TestSystem.create(vertx);
    Settings.put(system.settings(), "http.idle_timeout_seconds", 1);
    Settings.put(system.settings(), "http.request_timeout_seconds", 1);
    system.deploy(GatewayVerticle::new);
  }

  @AfterAll
  static void stop() {
    system.stop();
  }

  @Test
  void aConnectionThatSendsNothingIsClosed() {
    try (var client = new RawHttp(system.port())) {
      assertEquals("", client.untilClosed());
    }
  }

  @Test
  void aConnectionThatTricklesItsHeadersIsClosedBeforeTheyEnd() {
    try (var client = new RawHttp(system.port())) {
      var head = "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(400) + "\r\n\r\n";
      assertTrue(client.trickle(head, 200), "the server waited for all " + head.length() + " bytes");
    }
  }

  @Test
  void aKeepAliveConnectionThatTricklesItsNextRequestIsClosed() {
    try (var client = new RawHttp(system.port())) {
      client.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
      var next = "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(400) + "\r\n\r\n";
      assertTrue(client.trickle(next, 200), "the server waited for all " + next.length() + " bytes");
      assertEquals(List.of(200), RawHttp.statuses(client.untilClosed()));
    }
  }

  @Test
  void aBodyThatNeverCompletesIsAnswered408AndTheConnectionClosed() {
    try (var client = new RawHttp(system.port())) {
      client.send("POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Content-Length: 100\r\n\r\n{\"em");
      var received = client.untilClosed();
      assertEquals(List.of(408), RawHttp.statuses(received), received);
      var answer = RawHttp.responses(received).get(0);
      assertEquals("application/problem+json", answer.header("Content-Type"), received);
      assertEquals("close", answer.header("Connection"), received);
      var problem = new JsonObject(answer.body());
      assertEquals("https://shopifygenie.dev/problems/request-timeout", problem.getString("type"));
      assertEquals(408, problem.getInteger("status"));
    }
  }

  @Test
  void aPromptRequestIsAnsweredAndItsConnectionKeptAlive() {
    try (var client = new RawHttp(system.port())) {
      client.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\nGET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
      // both answered on one connection, which the server closes only once it is idle
      assertEquals(List.of(200, 200), RawHttp.statuses(client.untilClosed()));
    }
  }
}
