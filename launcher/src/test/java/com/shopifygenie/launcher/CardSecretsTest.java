package com.shopifygenie.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.catalog.CatalogVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.orders.OrdersVerticle;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Card numbers and CVCs reach no table, no log line and no event: every test card's outcome, a
 * number failing the Luhn check, an expired card and a malformed number are sent; then every row
 * of every table of every domain (outboxes, that is every event, included) and every line logged
 * meanwhile, at DEBUG, is searched for them.
 */
@ExtendWith(VertxExtension.class)
class CardSecretsTest {

  static final List<String> NUMBERS = List.of(Shop.VISA, Shop.DECLINED, Shop.NO_FUNDS, Shop.PROCESSING_ERROR,
    "4111111111111111", "4111111111111112", "42424242424242424242");
  /** A CVC no id, time or amount can spell: a number never prints a leading zero. */
  static final String CVC = "0931";
  static final Pattern CVC_ALONE = Pattern.compile("(?<![0-9A-Fa-f.\\-])" + CVC + "(?![0-9A-Fa-f])");

  static final class Captured extends AppenderBase<ILoggingEvent> {
    final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    @Override
    protected void append(ILoggingEvent event) {
      lines.add(event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
        : ThrowableProxyUtil.asString(event.getThrowableProxy())) + " " + event.getMDCPropertyMap());
    }
  }

  @Test
  void cardNumbersAndCvcsAppearInNoTableLogLineOrEvent(Vertx vertx) {
    var log = new Captured();
    var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    var ours = List.of((Logger) LoggerFactory.getLogger("com.shopifygenie"), (Logger) LoggerFactory.getLogger("io.vertx"));
    log.setContext(root.getLoggerContext());
    log.start();
    root.addAppender(log);
    ours.forEach(l -> l.setLevel(Level.DEBUG));
    var system = TestSystem.create(vertx).deploy(AuthVerticle::new, CatalogVerticle::new, OrdersVerticle::new,
      GatewayVerticle::new);
    try {
      var api = system.client();
      var staff = api.post("/auth/login", new JsonObject().put("email", TestSettings.ADMIN_EMAIL)
        .put("password", TestSettings.ADMIN_PASSWORD)).json().getString("access_token");
      var shop = new Shop(api, staff);
      shop.product("SECRET-1", 1500, 600, 10);
      var customer = shop.customer();
      var id = shop.order(customer, Shop.lines("SECRET-1", 2)).await().json().getString("id");
      eventually(() -> "confirmed".equals(shop.statusOf(id)));

      assertEquals(402, shop.pay(id, Shop.DECLINED, CVC, 3000, customer).await().status());
      assertEquals(402, shop.pay(id, Shop.NO_FUNDS, CVC, 3000, customer).await().status());
      assertEquals(502, shop.pay(id, Shop.PROCESSING_ERROR, CVC, 3000, customer).await().status());
      assertEquals(400, shop.pay(id, "4111111111111112", CVC, 3000, customer).await().status(), "fails the Luhn check");
      assertEquals(400, shop.pay(id, "42424242424242424242", CVC, 3000, customer).await().status(), "too long");
      var expired = shop.send(HttpMethod.POST, "/orders/" + id + "/payments", new JsonObject().put("amount", Shop.usd(3000))
        .put("card", Shop.card("4111111111111111", CVC).put("exp_year", 2020)), customer, UUID.randomUUID().toString());
      assertEquals(400, expired.status(), expired::toString);
      var key = UUID.randomUUID().toString();
      var body = new JsonObject().put("amount", Shop.usd(3000)).put("card", Shop.card("4111111111111111", CVC));
      assertEquals(201, shop.send(HttpMethod.POST, "/orders/" + id + "/payments", body, customer, key).status());
      assertEquals(201, shop.send(HttpMethod.POST, "/orders/" + id + "/payments", body, customer, key).status(), "a replay");
      assertEquals(409, shop.pay(id, Shop.VISA, CVC, 3000, customer).await().status());

      var db = system.settings().getJsonObject("db");
      var rows = everyRow(vertx, db.getString("url"), db.getString("prefix"));
      assertTrue(rows.stream().anyMatch(r -> r.contains("payment.failed") && r.contains("0119")),
        "the events were searched");
      assertTrue(rows.stream().anyMatch(r -> r.contains("payment.processed") && r.contains("1111") && r.contains("last4")));
      assertNoSecret("a row", rows);
      assertTrue(log.lines.size() > 0, "the log was captured");
      assertNoSecret("a log line", new ArrayList<>(log.lines));
    } finally {
      root.detachAppender(log);
      ours.forEach(l -> l.setLevel(null));
      system.stop();
    }
  }

  static void assertNoSecret(String where, List<String> texts) {
    for (var text : texts) {
      for (var number : NUMBERS) {
        assertTrue(!text.contains(number), where + " holds the card number " + number + ": " + text);
      }
      assertTrue(!CVC_ALONE.matcher(text).find(), where + " holds the CVC: " + text);
    }
  }

  /** Every row of every table of every database of the installation, as text. */
  static List<String> everyRow(Vertx vertx, String url, String prefix) {
    var server = PgConnectOptions.fromUri(url);
    var all = new ArrayList<String>();
    var names = PgConnection.connect(vertx, new PgConnectOptions(server).setDatabase("postgres"))
      .compose(conn -> conn.preparedQuery("SELECT datname FROM pg_database WHERE starts_with(datname, $1)")
        .execute(Tuple.of(prefix)).eventually(conn::close)).await();
    for (var name : names) {
      var conn = PgConnection.connect(vertx, new PgConnectOptions(server).setDatabase(name.getString(0))).await();
      try {
        var tables = conn.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
          + " AND table_type = 'BASE TABLE'").execute().await();
        for (var table : tables) {
          conn.query("SELECT t::text FROM \"" + table.getString(0) + "\" t").execute().await()
            .forEach(row -> all.add(name.getString(0) + "." + table.getString(0) + ": " + row.getString(0)));
        }
      } finally {
        conn.close().await();
      }
    }
    assertTrue(all.size() > 0);
    return all;
  }
}
