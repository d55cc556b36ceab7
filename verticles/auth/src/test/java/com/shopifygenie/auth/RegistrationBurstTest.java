package com.shopifygenie.auth;

import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.platform.Settings;
import com.shopifygenie.testkit.Reply;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * More registrations at once than bcrypt hashes before the gateway stops waiting (its dispatch
 * timeout, short here, with a dearer cost): every answer must be the truth. A 201 made the account;
 * a 503 made none, so the same registration again is a 201, never a 409 for an account its client
 * was told had failed. The first ones are answered in time: hashing queues, it is not shared out
 * among all of them until each is late.
 */
@ExtendWith(VertxExtension.class)
class RegistrationBurstTest {

  @Test
  void aRegistrationAnsweredUnavailableMadeNoAccount(Vertx vertx) {
    var system = TestSystem.create(vertx);
    Settings.put(system.settings(), "http.dispatch_timeout_ms", 4_000);
    Settings.put(system.settings(), "auth.bcrypt_cost", 12);
    system.deploy(AuthVerticle::new, GatewayVerticle::new);
    try {
      var api = system.client();
      var emails = new ArrayList<String>();
      var answers = new ArrayList<Future<Reply>>();
      for (int i = 0; i < 48; i++) {
        var email = Accounts.newEmail("burst");
        emails.add(email);
        answers.add(api.sendAsync(HttpMethod.POST, "/auth/register", credentials(email).toBuffer(), "application/json", Map.of()));
      }
      var statuses = answers.stream().map(answer -> answer.await().status()).toList();
      assertTrue(statuses.contains(201), () -> "none was answered in time: " + statuses);
      assertTrue(statuses.contains(503), () -> "the burst did not outrun the hashing: " + statuses);
      assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 503), statuses::toString);
      var again = new ArrayList<Integer>();
      for (int i = 0; i < emails.size(); i++) {
        if (statuses.get(i) == 503) {
          // one at a time, each well within the wait
          again.add(api.post("/auth/register", credentials(emails.get(i))).status());
        }
      }
      assertEquals(List.of(), again.stream().filter(s -> s != 201).toList(),
        "a registration answered 503 had made its account: " + again);
    } finally {
      system.stop();
    }
  }

  private static JsonObject credentials(String email) {
    return new JsonObject().put("email", email).put("password", Accounts.PASSWORD);
  }
}
