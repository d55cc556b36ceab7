package com.shopifygenie.auth;

import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A gateway that starts after a change of role or status heard no event of it: it asks auth. */
@ExtendWith(VertxExtension.class)
class OutdatedTokensTest {

  @Test
  void aGatewayThatStartsAfterTheChangesStillRefusesTheTokensTheyOutdated(Vertx vertx) {
    var system = TestSystem.create(vertx).deploy(AuthVerticle::new, GatewayVerticle::new);
    ApiClient restarted = null;
    try {
      var api = system.client();
      var accounts = new Accounts(api);
      var disabled = accounts.customer("restart-disabled");
      var promoted = accounts.customer("restart-promoted");
      var bystander = accounts.customer("restart-bystander");
      assertEquals(200, accounts.change(disabled.id(), new JsonObject().put("status", "disabled")).status());
      assertEquals(200, accounts.change(promoted.id(), new JsonObject().put("role", "staff")).status());
      eventually(() -> api.get("/auth/me", promoted.accessToken()).status() == 401);

      system.redeploy(1, GatewayVerticle::new);
      restarted = new ApiClient(vertx, system.port(), TestSystem.CONTRACTS);
      var client = restarted;
      eventually(() -> client.get("/auth/me", bystander.accessToken()).status() == 200);
      eventually(() -> client.get("/auth/me", disabled.accessToken()).status() == 401
        && client.get("/auth/me", promoted.accessToken()).status() == 401);
      // and stays so; the others' tokens are as good as ever
      assertEquals(401, client.get("/auth/me", disabled.accessToken()).status());
      assertEquals(200, client.get("/auth/me", bystander.accessToken()).status());
      var refreshed = client.post("/auth/refresh", new JsonObject().put("refresh_token", promoted.refreshToken()), null);
      assertEquals(200, refreshed.status(), refreshed::toString);
      assertEquals("staff", client.get("/auth/me", refreshed.json().getString("access_token")).json().getString("role"));
    } finally {
      if (restarted != null) {
        restarted.close();
      }
      system.stop();
    }
  }
}
