import java.nio.ByteBuffer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The live feed's figures against a running ShopifyGenie, JDK only:
 *   java bench/LiveFeed.java latency http://127.0.0.1:5000 1000
 *     time from POST /orders to its order.confirmed reaching an SSE client (staff, types=order.confirmed),
 *     over N sequential orders: median and p99
 *   java bench/LiveFeed.java idle http://127.0.0.1:5000 5000 PID
 *     N idle SSE connections opened and held on one node; the resident memory of the JVM PID before and after
 * The admin credentials are the dev defaults unless SHOPIFYGENIE_ADMIN_EMAIL/PASSWORD say otherwise.
 */
public class LiveFeed {

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static final Pattern SUBJECT = Pattern.compile("\"subject\"\\s*:\\s*\"([^\"]*)\"");
  static String base;

  public static void main(String[] args) throws Exception {
    base = args[1];
    var n = Integer.parseInt(args[2]);
    var admin = login(env("SHOPIFYGENIE_ADMIN_EMAIL", "admin@shopifygenie.dev"),
      env("SHOPIFYGENIE_ADMIN_PASSWORD", "genie-admin-dev"));
    switch (args[0]) {
      case "latency" -> latency(admin, n);
      case "idle" -> idle(admin, n, Long.parseLong(args[3]));
      default -> throw new IllegalArgumentException("latency or idle, not " + args[0]);
    }
  }

  static void latency(String admin, int orders) throws Exception {
    var sku = "LIVE-" + UUID.randomUUID().toString().substring(0, 8);
    var product = call("POST", "/products", admin, "{\"sku\":\"" + sku + "\",\"title\":\"Live bench\",\"price\":{\"amount\":100,"
      + "\"currency\":\"USD\"},\"unit_cost\":{\"amount\":40,\"currency\":\"USD\"}}", null, 201);
    call("POST", "/inventory/adjustments", admin, "{\"product_id\":\"" + field(product, "id") + "\",\"kind\":\"received\","
      + "\"quantity\":100000000,\"reason\":\"bench\"}", UUID.randomUUID().toString(), 201);
    var email = "live-bench-" + UUID.randomUUID() + "@example.com";
    call("POST", "/auth/register", null, "{\"email\":\"" + email + "\",\"password\":\"bench-password\"}", null, 201);
    var customer = login(email, "bench-password");
    var body = "{\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":1}]}";

    // when each order's confirmation reached the client, by order id (it may come before the POST's answer)
    var arrived = new ConcurrentHashMap<String, CompletableFuture<Long>>();
    var feed = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/live/events?types=order.confirmed"))
      .header("Authorization", "Bearer " + admin).header("Accept", "text/event-stream").build(),
      HttpResponse.BodyHandlers.ofLines());
    if (feed.statusCode() != 200) {
      throw new IllegalStateException("GET /live/events answered " + feed.statusCode());
    }
    var reader = new Thread(() -> feed.body().forEach(line -> {
      if (line.startsWith("data: ")) {
        var at = System.nanoTime();
        var subject = SUBJECT.matcher(line);
        if (subject.find()) {
          arrived.computeIfAbsent(subject.group(1), id -> new CompletableFuture<>()).complete(at);
        }
      }
    }), "sse-reader");
    reader.setDaemon(true);
    reader.start();

    // the product reaches the orders domain's price list asynchronously
    var deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (send("POST", "/orders", customer, body, null).statusCode() != 201) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the orders domain never learned the product");
      }
      Thread.sleep(20);
    }
    for (int i = 0; i < 50; i++) {
      confirmedOnTheFeed(customer, body, arrived); // warm-up
    }
    var millis = new ArrayList<Double>(orders);
    for (int i = 0; i < orders; i++) {
      millis.add(confirmedOnTheFeed(customer, body, arrived));
    }
    Collections.sort(millis);
    System.out.printf("POST /orders -> order.confirmed on an SSE client: orders=%d  median=%.1f ms  p99=%.1f ms  max=%.1f ms%n",
      orders, pct(millis, 50), pct(millis, 99), millis.get(millis.size() - 1));
  }

  static double confirmedOnTheFeed(String token, String body, ConcurrentHashMap<String, CompletableFuture<Long>> arrived)
      throws Exception {
    var start = System.nanoTime();
    var id = field(call("POST", "/orders", token, body, null, 201), "id");
    long at = arrived.computeIfAbsent(id, k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
    arrived.remove(id);
    return (at - start) / 1e6;
  }

  static void idle(String admin, int connections, long pid) throws Exception {
    var before = rssMb(pid);
    var opened = new ArrayList<CompletableFuture<HttpResponse<Feed>>>(connections);
    var request = HttpRequest.newBuilder(URI.create(base + "/live/events?types=order.confirmed"))
      .header("Authorization", "Bearer " + admin).header("Accept", "text/event-stream").build();
    var started = System.nanoTime();
    // in waves, so the server's accept queue is not what is measured
    for (int i = 0; i < connections; i++) {
      opened.add(HTTP.sendAsync(request, info -> new Feed()));
      if (opened.size() % 200 == 0) {
        CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
      }
    }
    CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    var openSeconds = (System.nanoTime() - started) / 1e9;
    var feeds = opened.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 200).map(HttpResponse::body)
      .toList();
    var bytesBefore = feeds.stream().mapToLong(f -> f.bytes.get()).toArray();
    // held past a heartbeat (15 s), so what an idle connection costs over time is in the figure
    Thread.sleep(20_000);
    var after = rssMb(pid);
    var heartbeating = java.util.stream.IntStream.range(0, feeds.size())
      .filter(i -> !feeds.get(i).ended && feeds.get(i).bytes.get() > bytesBefore[i]).count();
    System.out.printf("idle SSE connections held by one node: %d of %d opened (200) in %.1f s, %d open with a heartbeat after 20 s%n",
      feeds.size(), connections, openSeconds, heartbeating);
    System.out.printf("JVM resident memory: %d MB before, %d MB with them (%.1f KB per connection)%n",
      before, after, feeds.isEmpty() ? 0.0 : (after - before) * 1024.0 / feeds.size());
    feeds.forEach(Feed::close);
  }

  /** One SSE connection's body, counted and dropped; available as soon as the answer's headers came. */
  static final class Feed implements HttpResponse.BodySubscriber<Feed> {
    final AtomicLong bytes = new AtomicLong();
    volatile boolean ended;
    volatile Flow.Subscription subscription;

    @Override
    public CompletionStage<Feed> getBody() {
      return CompletableFuture.completedStage(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      buffers.forEach(buffer -> bytes.addAndGet(buffer.remaining()));
    }

    @Override
    public void onError(Throwable failure) {
      ended = true;
    }

    @Override
    public void onComplete() {
      ended = true;
    }

    void close() {
      if (subscription != null) {
        subscription.cancel();
      }
    }
  }

  static long rssMb(long pid) throws Exception {
    for (var line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  static double pct(List<Double> sorted, int p) {
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
