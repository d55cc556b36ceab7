package com.shopifygenie.analytics;

import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.platform.AccessTokens;
import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.Role;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * bench/analytics.sh: seeds the read models with the orders of -Danalytics.bench.sizes (default
 * 10000,1000000; each size adds to the last) through the event handlers, in bulk (1000 payments a
 * transaction through {@link AnalyticsEventHandlers#handleAll}), then measures the latency of the dashboard, the sales
 * trends and the recommendations through the gateway at each size. Skipped unless
 * -Danalytics.bench=true: a measurement, not a test.
 */
@ExtendWith(VertxExtension.class)
class AnalyticsBench {

  private static final int PRODUCTS = 500;
  private static final int CUSTOMERS = 50_000;
  private static final int BATCH = 1000;
  private static final int REQUESTS = 1000;
  private static final int WARM_UP = 300;

  @Test
  void latencyAtEachSize(Vertx vertx) {
    assumeTrue(Boolean.getBoolean("analytics.bench"), "a bench: -Danalytics.bench=true");
    var sizes = Arrays.stream(System.getProperty("analytics.bench.sizes", "10000,1000000").split(","))
      .mapToInt(Integer::parseInt).toArray();
    var system = TestSystem.create(vertx).deploy(AnalyticsVerticle::new, GatewayVerticle::new);
    var tokens = AccessTokens.load(vertx, system.settings(), true).await();
    var db = system.settings().getJsonObject("db");
    var pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
      .connectingTo(PgConnectOptions.fromUri(db.getString("url")).setDatabase(db.getString("prefix") + "analytics"))
      .using(vertx).build();
    var handlers = new AnalyticsEventHandlers(new EventLog(), new SalesStore(), new BasketStore(), new ProductStore(),
      new OrderStore(), new ShopCalendar(ZoneOffset.UTC, Clock.systemUTC()), "USD");
    var client = vertx.createHttpClient(new HttpClientOptions().setDefaultPort(system.port()).setDefaultHost("127.0.0.1"));
    var random = new Random(15);
    var products = new UUID[PRODUCTS];
    for (var i = 0; i < PRODUCTS; i++) {
      products[i] = new UUID(15, i + 1);
    }
    var today = LocalDate.now(ZoneOffset.UTC);
    var paths = List.of("/analytics/dashboard?period=30d",
      "/analytics/sales-trends?from=" + today.minusDays(89) + "&to=" + today,
      "/analytics/recommendations?product_id=" + products[0]);
    var seeded = 0;
    System.out.println("RESULT orders seed_seconds endpoint p50_ms p99_ms");
    for (var size : sizes) {
      var started = System.nanoTime();
      while (seeded < size) {
        var batch = new ArrayList<DomainEvent>(BATCH);
        for (var i = 0; i < BATCH && seeded < size; i++, seeded++) {
          batch.add(payment(random, products, today));
        }
        pool.withTransaction(tx -> handlers.handleAll(tx, batch)).await();
      }
      var seedSeconds = (System.nanoTime() - started) / 1e9;
      // issued now: seeding a million orders outlasts an access token
      var token = tokens.issue(UUID.randomUUID(), Role.STAFF);
      for (var path : paths) {
        var millis = new double[REQUESTS];
        for (var i = 0; i < WARM_UP; i++) {
          get(client, path, token);
        }
        for (var i = 0; i < REQUESTS; i++) {
          var t = System.nanoTime();
          get(client, path, token);
          millis[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf("RESULT %d %.1f %s %.2f %.2f%n", size, seedSeconds, path.replaceAll("\\?.*", ""),
          millis[REQUESTS / 2], millis[(int) Math.ceil(REQUESTS * 0.99) - 1]);
      }
    }
    client.close().await();
    pool.close().await();
    system.stop();
  }

  private static void get(io.vertx.core.http.HttpClient client, String path, String token) {
    var status = client.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(path)
        .putHeader("Authorization", "Bearer " + token))
      .compose(r -> r.send().compose(response -> response.body().map(b -> response.statusCode()))).await();
    if (status != 200) {
      throw new IllegalStateException(path + " answered " + status);
    }
  }

  /** A paid order of 1 to 3 products (a few products sell far more), on one of the last 365 days. */
  private static DomainEvent payment(Random random, UUID[] products, LocalDate today) {
    var lines = new JsonArray();
    var count = 1 + random.nextInt(3);
    var chosen = new ArrayList<UUID>();
    long amount = 0;
    while (chosen.size() < count) {
      var product = products[(int) Math.min(products.length - 1, Math.abs(random.nextGaussian()) * products.length / 3)];
      if (chosen.contains(product)) {
        continue;
      }
      chosen.add(product);
      var quantity = 1 + random.nextInt(3);
      var price = 500 + (product.getLeastSignificantBits() % 50) * 100;
      amount += quantity * price;
      lines.add(new JsonObject().put("sku", "B-" + product.getLeastSignificantBits()).put("product_id", product.toString())
        .put("quantity", quantity).put("unit_price", new JsonObject().put("amount", price).put("currency", "USD")));
    }
    var orderId = UUID.randomUUID();
    var time = today.minusDays(random.nextInt(365)).atTime(random.nextInt(24), random.nextInt(60)).atOffset(ZoneOffset.UTC);
    var data = new JsonObject().put("order_id", orderId.toString()).put("payment_id", UUID.randomUUID().toString())
      .put("customer_id", new UUID(16, random.nextInt(CUSTOMERS)).toString()).put("amount", amount).put("currency", "USD")
      .put("provider", "bench").put("method", new JsonObject().put("type", "card")).put("lines", lines);
    return new DomainEvent(UUID.randomUUID(), "orders", "shopifygenie.payment.processed", orderId.toString(),
      OffsetDateTime.from(time), data);
  }
}
