package com.shopifygenie.launcher;

import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.EmittedEvents;
import com.shopifygenie.testkit.TestDatabase;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GracefulShutdownTest {

  static final String LOGIN = "auth.login";

  @Test
  void aRequestInFlightWhenTheStopBeginsGetsItsAnswerWhileNewConnectionsAreRefused() throws Exception {
    var port = TestSettings.freePort();
    var prefix = TestDatabase.freshPrefix();
    var environment = Map.of(
      "SHOPIFYGENIE_DB_URL", TestDatabase.url(),
      "SHOPIFYGENIE_DB_PREFIX", prefix,
      "SHOPIFYGENIE_HTTP_PORT", String.valueOf(port),
      "SHOPIFYGENIE_DATA_DIR", Path.of(System.getProperty("shopifygenie.test.dir", "target"), "data-" + UUID.randomUUID()).toString(),
      "SHOPIFYGENIE_ADMIN_PASSWORD", TestSettings.ADMIN_PASSWORD);
    var vertx = Vertx.vertx();
    var node = new Node(vertx).start(patientGateway(), environment, List.of("auth", "gateway"), false).await();

    // the login reaches auth over the event bus: hold it there, so that it is known to be in
    // flight (the gateway dispatched it, auth has not answered) for as long as the test needs
    var held = new CompletableFuture<Runnable>();
    vertx.eventBus().addInboundInterceptor(delivery -> {
      if (LOGIN.equals(delivery.message().address()) && !held.isDone()) {
        var context = Vertx.currentContext();
        held.complete(() -> context.runOnContext(v -> delivery.next()));
      } else {
        delivery.next();
      }
    });

    var clientVertx = Vertx.vertx();
    try {
      var api = new ApiClient(clientVertx, port, TestSystem.CONTRACTS);
      var credentials = new JsonObject().put("email", TestSettings.ADMIN_EMAIL).put("password", TestSettings.ADMIN_PASSWORD);
      var login = api.sendAsync(HttpMethod.POST, "/auth/login", credentials.toBuffer(), "application/json", Map.of());
      var release = held.get(60, TimeUnit.SECONDS);
      assertTrue(accepts(port), "the node takes connections before the stop");

      var stopped = node.stop();
      eventually(() -> !accepts(port));
      assertFalse(login.isComplete(), "the login is still in flight once new connections are refused");
      assertFalse(stopped.isComplete(), "the stop waits for the login");

      release.run();
      var reply = login.await();
      assertEquals(200, reply.status(), reply::toString);
      assertEquals("Bearer", reply.json().getString("token_type"));
      assertEquals(3, reply.json().getString("access_token").split("\\.").length, reply::toString);
      stopped.await();
      assertFalse(accepts(port), "a stopped node accepts nothing");
      assertTrue(EmittedEvents.assertValid(clientVertx, TestDatabase.url(), prefix) > 0, "the node's events were checked");
    } finally {
      clientVertx.close().await();
    }
  }

  /** A dispatch timeout and a grace period far longer than the test holds the login. */
  private static String patientGateway() throws IOException {
    var file = Path.of(System.getProperty("shopifygenie.test.dir", "target"), "patient-gateway.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "http:\n  dispatch_timeout_ms: 120000\n  shutdown_grace_seconds: 120\n");
    return file.toString();
  }

  /** Whether a new TCP connection is accepted; false only when it is refused, any other failure fails the test. */
  private static boolean accepts(int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      return true;
    } catch (ConnectException refused) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("neither accepted nor refused", e);
    }
  }
}
