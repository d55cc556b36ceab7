package com.shopifygenie.launcher;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.shopifygenie.testkit.Eventually.eventually;

/**
 * Debian's headless Chromium, started for a test and driven over the Chrome DevTools Protocol
 * (JSON over the WebSocket of its one page). Closing it kills the browser and removes its profile.
 */
final class Chromium implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/chromium");

  private final Process process;
  private final Path profile;
  private final WebSocket page;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, Promise<JsonObject>> pending = new ConcurrentHashMap<>();

  private Chromium(Process process, Path profile, WebSocket page) {
    this.process = process;
    this.profile = profile;
    this.page = page;
    page.textMessageHandler(text -> {
      var message = new JsonObject(text);
      var call = message.containsKey("id") ? pending.remove(message.getInteger("id")) : null;
      if (call == null) {
        return; // an event of the protocol: none is asked for
      }
      if (message.containsKey("error")) {
        call.fail(message.getJsonObject("error").encode());
      } else {
        call.complete(message.getJsonObject("result"));
      }
    });
  }

  static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /** Starts the browser on a blank page; the caller closes it. */
  static Chromium start(Vertx vertx) throws IOException {
    var profile = Files.createTempDirectory("shopifygenie-chromium-");
    var process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
      "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--disable-dev-shm-usage", "--remote-debugging-port=0", "--remote-allow-origins=*",
      "--user-data-dir=" + profile, "about:blank")
      .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      // the browser writes the port it listens on into the profile once it does
      var activePort = profile.resolve("DevToolsActivePort");
      eventually(Duration.ofSeconds(20), () -> {
        if (!process.isAlive()) {
          throw new AssertionError("chromium exited with " + process.exitValue());
        }
        return lines(activePort).size() >= 2;
      });
      int port = Integer.parseInt(lines(activePort).get(0).trim());
      var http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
      var targets = http.request(HttpMethod.GET, "/json/list").compose(r -> r.send()).compose(r -> r.body())
        .map(body -> new JsonArray(body.toString())).eventually(http::close).await();
      var target = targets.stream().map(JsonObject.class::cast).filter(t -> "page".equals(t.getString("type")))
        .findFirst().orElseThrow(() -> new AssertionError("chromium shows no page: " + targets));
      var page = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(16 * 1024 * 1024)
          .setMaxFrameSize(16 * 1024 * 1024))
        .connect(new WebSocketConnectOptions().setAbsoluteURI(target.getString("webSocketDebuggerUrl"))).await();
      return new Chromium(process, profile, page);
    } catch (RuntimeException | Error e) {
      kill(process);
      delete(profile);
      throw e;
    }
  }

  /** Opens the address in the page and waits until it has loaded. */
  void navigate(String url) {
    call("Page.navigate", new JsonObject().put("url", url));
    try {
      eventually(Duration.ofSeconds(20), () -> "complete".equals(evaluate("document.readyState"))
        && url.startsWith(String.valueOf(evaluate("location.origin"))));
    } catch (AssertionError e) {
      throw new AssertionError("the page did not load " + url + ": " + evaluate("location.href + ' ' + document.readyState"), e);
    }
  }

  /** The value of a JavaScript expression in the page (JSON-like values come back as Vert.x JSON). */
  Object evaluate(String expression) {
    var result = call("Runtime.evaluate", new JsonObject().put("expression", expression)
      .put("returnByValue", true).put("awaitPromise", true));
    if (result.containsKey("exceptionDetails")) {
      throw new AssertionError("the page threw: " + result.getJsonObject("exceptionDetails").encode());
    }
    return result.getJsonObject("result").getValue("value");
  }

  private JsonObject call(String method, JsonObject params) {
    int id = ids.incrementAndGet();
    var answer = Promise.<JsonObject>promise();
    pending.put(id, answer);
    page.writeTextMessage(new JsonObject().put("id", id).put("method", method).put("params", params).encode());
    try {
      return answer.future().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(method + " got no answer from chromium", e);
    }
  }

  @Override
  public void close() {
    try {
      page.close();
    } finally {
      kill(process);
      delete(profile);
    }
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      return List.of(); // being written
    }
  }

  private static void delete(Path directory) {
    try (var paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
