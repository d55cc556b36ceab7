package com.shopifygenie.launcher;

import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.EmittedEvents;
import com.shopifygenie.testkit.Reply;
import com.shopifygenie.testkit.TestDatabase;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GracefulShutdownTest {

  @Test
  void inFlightRequestsFinishAndNewOnesAreRefusedWhenTheNodeStops() throws Exception {
    var port = TestSettings.freePort();
    var prefix = TestDatabase.freshPrefix();
    var environment = Map.of(
      "SHOPIFYGENIE_DB_URL", TestDatabase.url(),
      "SHOPIFYGENIE_DB_PREFIX", prefix,
      "SHOPIFYGENIE_HTTP_PORT", String.valueOf(port),
      "SHOPIFYGENIE_DATA_DIR", Path.of(System.getProperty("shopifygenie.test.dir", "target"), "data-" + UUID.randomUUID()).toString(),
      "SHOPIFYGENIE_AUTH_RATE_LIMIT_PER_MINUTE", "1000");
    var node = new Node(Vertx.vertx()).start(null, environment, List.of("auth", "gateway"), false).await();

    var clientVertx = Vertx.vertx();
    try {
      var api = new ApiClient(clientVertx, port, TestSystem.CONTRACTS);
      var credentials = new JsonObject().put("email", TestSettings.ADMIN_EMAIL).put("password", TestSettings.ADMIN_PASSWORD);
      // logins run bcrypt at the default cost: several are still in flight when the stop begins
      List<Future<Reply>> logins = IntStream.range(0, 6).mapToObj(i -> api.sendAsync(HttpMethod.POST, "/auth/login",
        credentials.toBuffer(), "application/json", Map.of())).toList();
      Thread.sleep(150);
      var stopped = node.stop();

      for (var login : logins) {
        assertEquals(200, login.await().status());
      }
      stopped.await();
      var refused = api.sendAsync(HttpMethod.GET, "/health", null, null, Map.of());
      assertTrue(refused.transform(r -> Future.succeededFuture(r.failed())).await(), "a stopped node accepts nothing");
      assertTrue(EmittedEvents.assertValid(clientVertx, TestDatabase.url(), prefix) > 0, "the node's events were checked");
    } finally {
      clientVertx.close().await();
    }
  }
}
