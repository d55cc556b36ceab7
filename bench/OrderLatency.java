import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Time from POST /orders (answered 201 pending) to the order reading "confirmed", over N
 * sequential orders against a running ShopifyGenie. JDK only: run it as
 *   java bench/OrderLatency.java http://127.0.0.1:5000 1000
 * The admin credentials are the dev defaults unless SHOPIFYGENIE_ADMIN_EMAIL/PASSWORD say otherwise.
 */
public class OrderLatency {

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static String base;

  public static void main(String[] args) throws Exception {
    base = args.length > 0 ? args[0] : "http://127.0.0.1:5000";
    var orders = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    var admin = login(env("SHOPIFYGENIE_ADMIN_EMAIL", "admin@shopifygenie.dev"), env("SHOPIFYGENIE_ADMIN_PASSWORD", "genie-admin-dev"));

    var sku = "BENCH-" + UUID.randomUUID().toString().substring(0, 8);
    var product = call("POST", "/products", admin, "{\"sku\":\"" + sku + "\",\"title\":\"Bench\",\"price\":{\"amount\":100,"
      + "\"currency\":\"USD\"},\"unit_cost\":{\"amount\":40,\"currency\":\"USD\"}}", null, 201);
    call("POST", "/inventory/adjustments", admin, "{\"product_id\":\"" + field(product, "id") + "\",\"kind\":\"received\","
      + "\"quantity\":100000000,\"reason\":\"bench\"}", UUID.randomUUID().toString(), 201);

    var email = "bench-" + UUID.randomUUID() + "@example.com";
    call("POST", "/auth/register", null, "{\"email\":\"" + email + "\",\"password\":\"bench-password\"}", null, 201);
    var customer = login(email, "bench-password");
    var body = "{\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":1}]}";

    // the product reaches the orders domain's price list asynchronously
    var deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (send("POST", "/orders", customer, body, null).statusCode() != 201) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the orders domain never learned the product");
      }
      Thread.sleep(20);
    }
    for (int i = 0; i < 50; i++) {
      confirm(customer, body); // warm-up
    }
    var millis = new ArrayList<Double>(orders);
    var started = System.nanoTime();
    for (int i = 0; i < orders; i++) {
      millis.add(confirm(customer, body));
    }
    var seconds = (System.nanoTime() - started) / 1e9;
    Collections.sort(millis);
    System.out.printf("orders=%d  median=%.1f ms  p90=%.1f ms  p99=%.1f ms  max=%.1f ms  (%.0f orders/s sequential)%n",
      orders, pct(millis, 50), pct(millis, 90), pct(millis, 99), millis.get(millis.size() - 1), orders / seconds);
  }

  /** Places one order and polls it until confirmed; the milliseconds that took. */
  static double confirm(String token, String body) throws Exception {
    var start = System.nanoTime();
    var id = field(call("POST", "/orders", token, body, null, 201), "id");
    while (true) {
      var status = field(call("GET", "/orders/" + id, token, null, null, 200), "status");
      if (status.equals("confirmed")) {
        return (System.nanoTime() - start) / 1e6;
      }
      if (!status.equals("pending")) {
        throw new IllegalStateException("order " + id + " became " + status);
      }
      Thread.sleep(0, 200_000);
    }
  }

  static double pct(ArrayList<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  static String login(String email, String password) throws Exception {
    return field(call("POST", "/auth/login", null, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", null, 200),
      "access_token");
  }

  static String call(String method, String path, String token, String body, String key, int expected) throws Exception {
    var response = send(method, path, token, body, key);
    if (response.statusCode() != expected) {
      throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  static HttpResponse<String> send(String method, String path, String token, String body, String key) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String field(String json, String name) {
    var m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }

  static String env(String name, String fallback) {
    var value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
