package com.shopifygenie.launcher;

import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.platform.Settings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class RateLimitTest {

  TestSystem system;

  @AfterEach
  void stop() {
    system.stop();
  }

  @Test
  void credentialEndpointsAreThrottledHarderThanTheRest(Vertx vertx) {
    system = TestSystem.create(vertx);
    Settings.put(system.settings(), "rate_limit.auth_per_minute", 3);
    Settings.put(system.settings(), "rate_limit.per_minute", 10);
    system.deploy(AuthVerticle::new, GatewayVerticle::new);
    var api = system.client();
    var wrong = new JsonObject().put("email", "nobody@example.com").put("password", "guess-guess");
    for (int i = 0; i < 3; i++) {
      var guess = api.post("/auth/login", wrong);
      assertEquals(401, guess.status(), "guess " + (i + 1) + " of 3 is within the credential budget: " + guess);
    }
    var throttled = api.post("/auth/login", wrong);
    assertEquals(429, throttled.status());
    assertEquals("https://shopifygenie.dev/problems/rate-limited", throttled.json().getString("type"));
    var retryAfter = Integer.parseInt(throttled.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    // other operations still have budget left: 4 of 10 used, so six more are answered, the eleventh is not
    for (int i = 0; i < 6; i++) {
      var filler = api.get("/.well-known/jwks.json");
      assertEquals(200, filler.status(), "request " + (i + 5) + " of 10 is within the budget: " + filler);
    }
    assertEquals(429, api.get("/.well-known/jwks.json").status());
    // probes are never throttled
    assertEquals(200, api.get("/health").status());
  }

  @Test
  void gatewayInstancesOfANodeShareItsLimitsAndEachServesConnections(Vertx vertx) {
    system = TestSystem.create(vertx);
    Settings.put(system.settings(), "http.instances", 4);
    Settings.put(system.settings(), "rate_limit.per_minute", 10);
    List<GatewayVerticle> instances = new CopyOnWriteArrayList<>();
    system.deploy(AuthVerticle::new, settings -> {
      var instance = new GatewayVerticle(settings);
      instances.add(instance);
      return instance;
    });
    assertEquals(4, instances.size());
    // no keep-alive: each request on a new connection, handed to the instances in turn
    var client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    var statuses = new ArrayList<Integer>();
    try {
      for (int i = 0; i < 40; i++) {
        statuses.add(client.request(HttpMethod.GET, system.port(), "127.0.0.1", "/.well-known/jwks.json")
          .compose(request -> request.send().compose(response -> response.body().map(response.statusCode())))
          .await());
      }
    } finally {
      client.close().await();
    }
    // separate buckets per instance would answer all 40; one per node answers its 10 and the few
    // it refills (one every 6 s) while the test runs
    var answered = Collections.frequency(statuses, 200);
    assertTrue(answered >= 10 && answered < 20, "the node answers its limit, not 4 times it: " + statuses);
    assertEquals(40 - answered, Collections.frequency(statuses, 429), "the rest is refused: " + statuses);
    var serving = instances.stream().filter(instance -> instance.connectionsAccepted() > 0).count();
    assertTrue(serving > 1, "connections are spread over the instances, served by " + serving);
  }
}
