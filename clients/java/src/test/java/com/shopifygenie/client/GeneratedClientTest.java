package com.shopifygenie.client;

import com.shopifygenie.accounting.AccountingVerticle;
import com.shopifygenie.analytics.AnalyticsVerticle;
import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.catalog.CatalogVerticle;
import com.shopifygenie.customers.CustomersVerticle;
import com.shopifygenie.client.auth.api.AuthApi;
import com.shopifygenie.client.auth.model.Credentials;
import com.shopifygenie.client.auth.model.Problem;
import com.shopifygenie.client.auth.model.Registration;
import com.shopifygenie.client.catalog.api.InventoryApi;
import com.shopifygenie.client.catalog.api.ProductsApi;
import com.shopifygenie.client.catalog.model.AdjustmentKind;
import com.shopifygenie.client.catalog.model.NewAdjustment;
import com.shopifygenie.client.catalog.model.NewProduct;
import com.shopifygenie.client.gateway.api.HealthApi;
import com.shopifygenie.client.gateway.model.Status;
import com.shopifygenie.client.orders.api.OrdersApi;
import com.shopifygenie.client.orders.model.NewOrder;
import com.shopifygenie.client.orders.model.NewOrderLinesInner;
import com.shopifygenie.client.orders.model.Order;
import com.shopifygenie.client.orders.model.OrderStatus;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.orders.OrdersVerticle;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A client generated from the contracts, as a shop's developer would generate it, used against a
 * real system with nothing but its generated classes. A contract such a client cannot use (does
 * not generate, does not compile, mistypes a field, cannot read an answer) fails the build here.
 */
@ExtendWith(VertxExtension.class)
class GeneratedClientTest {

  /** Above 2^31 minor units: an amount a 32-bit integer cannot hold. */
  static final long PRICE = 5_000_000_000L;
  static final long UNIT_COST = 3_000_000_000L;

  static TestSystem system;
  static String baseUri;

  @BeforeAll
  static void start(Vertx vertx) {
    system = TestSystem.create(vertx)
      .deploy(AuthVerticle::new, CatalogVerticle::new, OrdersVerticle::new, CustomersVerticle::new,
        AccountingVerticle::new, AnalyticsVerticle::new, GatewayVerticle::new);
    baseUri = "http://127.0.0.1:" + system.port();
  }

  @AfterAll
  static void stop() {
    system.stop();
  }

  static AuthApi auth() {
    var client = new com.shopifygenie.client.auth.ApiClient();
    client.updateBaseUri(baseUri);
    return new AuthApi(client);
  }

  static ProductsApi products() {
    var client = new com.shopifygenie.client.catalog.ApiClient();
    client.updateBaseUri(baseUri);
    return new ProductsApi(client);
  }

  static InventoryApi inventory() {
    var client = new com.shopifygenie.client.catalog.ApiClient();
    client.updateBaseUri(baseUri);
    return new InventoryApi(client);
  }

  static OrdersApi orders() {
    var client = new com.shopifygenie.client.orders.ApiClient();
    client.updateBaseUri(baseUri);
    return new OrdersApi(client);
  }

  static HealthApi health() {
    var client = new com.shopifygenie.client.gateway.ApiClient();
    client.updateBaseUri(baseUri);
    return new HealthApi(client);
  }

  static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  static String login(String email, String password) throws Exception {
    return auth().login(new Credentials().email(email).password(password)).getAccessToken();
  }

  @Test
  void aGeneratedClientSellsAProductPricedAboveTwoToTheThirtyOneMinorUnits() throws Exception {
    assertEquals(Status.StatusEnum.UP, health().getReadiness().getStatus());

    var email = "generated-" + UUID.randomUUID() + "@example.com";
    var customer = auth().register(new Registration().email(email).password("s3cret-pass"));
    var customerToken = login(email, "s3cret-pass");
    assertEquals(customer.getId(), auth().getMe(bearer(customerToken)).getId());
    var staffToken = login(TestSettings.ADMIN_EMAIL, TestSettings.ADMIN_PASSWORD);

    var sku = "BIG-" + UUID.randomUUID().toString().substring(0, 8);
    var product = products().createProduct(new NewProduct().sku(sku).title("A yacht")
        .price(new com.shopifygenie.client.catalog.model.Money().amount(PRICE).currency("USD"))
        .unitCost(new com.shopifygenie.client.catalog.model.Money().amount(UNIT_COST).currency("USD")),
      UUID.randomUUID().toString(), bearer(staffToken));
    assertEquals(PRICE, products().getProduct(product.getId(), bearer(staffToken)).getPrice().getAmount());
    assertEquals(UNIT_COST, product.getUnitCost().getAmount());
    var received = inventory().adjustInventory(UUID.randomUUID().toString(), new NewAdjustment()
      .productId(product.getId()).kind(AdjustmentKind.RECEIVED).quantity(5).reason("first delivery"), bearer(staffToken));
    assertEquals(5, received.getInventory().getAvailable());

    var order = new NewOrder().lines(List.of(new NewOrderLinesInner().sku(sku).quantity(2)));
    // the orders domain learns the product from catalog's events, asynchronously: 422 until then
    var placed = new AtomicReference<Order>();
    eventually(() -> {
      try {
        placed.set(orders().createOrder(order, null, bearer(customerToken)));
        return true;
      } catch (com.shopifygenie.client.orders.ApiException e) {
        assertEquals(422, e.getCode(), e::getMessage);
        return false;
      }
    });
    assertEquals(10_000_000_000L, placed.get().getTotal().getAmount());

    var id = placed.get().getId();
    var confirmed = new AtomicReference<Order>();
    eventually(() -> {
      confirmed.set(call(() -> orders().getOrder(id, bearer(customerToken))));
      return confirmed.get().getStatus() == OrderStatus.CONFIRMED;
    });
    var read = confirmed.get();
    assertEquals(customer.getId(), read.getCustomerId());
    assertEquals(10_000_000_000L, read.getTotal().getAmount());
    assertEquals("USD", read.getTotal().getCurrency());
    var line = read.getLines().get(0);
    assertEquals(PRICE, line.getUnitPrice().getAmount());
    assertEquals(10_000_000_000L, line.getLineTotal().getAmount());
    assertEquals(3, inventory().getInventory(product.getId(), bearer(staffToken)).getAvailable());
  }

  @Test
  void aProblemAnswerParsesIntoTheGeneratedProblem() throws Exception {
    var refused = assertThrows(com.shopifygenie.client.auth.ApiException.class,
      () -> auth().register(new Registration().email("short-" + UUID.randomUUID() + "@example.com").password("seven77")));
    assertEquals(400, refused.getCode());
    assertEquals("application/problem+json", refused.getResponseHeaders().firstValue("Content-Type").orElse(null));
    var problem = com.shopifygenie.client.auth.ApiClient.createDefaultObjectMapper()
      .readValue(refused.getResponseBody(), Problem.class);
    assertEquals(URI.create("https://shopifygenie.dev/problems/validation"), problem.getType());
    assertEquals(400, problem.getStatus());
    assertEquals("/password", problem.getErrors().get(0).getField());
    assertEquals("minLength", problem.getErrors().get(0).getRule());
  }

  @Test
  void everyContractHasAGeneratedClient() throws IOException {
    try (var files = Files.list(Path.of(System.getProperty("shopifygenie.contracts")))) {
      // a contract has paths; a file of shared components has none and gets no client of its own
      var domains = files.filter(f -> f.getFileName().toString().endsWith(".yaml") && declaresPaths(f))
        .map(f -> f.getFileName().toString().replace(".yaml", "")).sorted().toList();
      assertFalse(domains.isEmpty());
      for (var domain : domains) {
        var invoker = "com.shopifygenie.client." + domain.replace("-", "") + ".ApiClient";
        assertGenerated(invoker, domain);
      }
    }
  }

  private static boolean declaresPaths(Path file) {
    try {
      return Files.readAllLines(file).contains("paths:");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void assertGenerated(String className, String domain) {
    try {
      Class.forName(className);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("schemas/openapi/" + domain + ".yaml has no generated client (" + className
        + "): add an execution for it to clients/java/pom.xml");
    }
  }

  interface Call<T> {
    T run() throws Exception;
  }

  private static <T> T call(Call<T> call) {
    try {
      return call.run();
    } catch (Exception e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}
