package com.shopifygenie.launcher;

import com.shopifygenie.testkit.TestSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static com.shopifygenie.testkit.Eventually.eventually;

/**
 * A real Prometheus server (the Debian package's binary) scraping one target's /metrics every
 * second, queried back through its HTTP API. A test using it is skipped when the binary is absent.
 */
final class PrometheusServer implements AutoCloseable {

  private static final Path BINARY = Path.of("/usr/bin/prometheus");

  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static PrometheusServer startScraping(String target) throws IOException {
    var binary = Files.isExecutable(BINARY) ? BINARY : onPath();
    Assumptions.assumeTrue(binary != null,
      "no prometheus binary (apt-get install -y prometheus): the scrape by a real Prometheus is skipped");
    var dir = Path.of("target", "prometheus-" + UUID.randomUUID()).toAbsolutePath();
    Files.createDirectories(dir.resolve("data"));
    var config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
      "global:",
      "  scrape_interval: 1s",
      "  scrape_timeout: 1s",
      "scrape_configs:",
      "  - job_name: shopifygenie",
      "    static_configs:",
      "      - targets: ['" + target + "']",
      ""));
    var port = TestSettings.freePort();
    var process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
      "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
      .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    return new PrometheusServer(process, port);
  }

  private static Path onPath() {
    for (var dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      var candidate = Path.of(dir, "prometheus");
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Waits until Prometheus has scraped the target successfully at least once. */
  void waitUntilScraped() {
    eventually(Duration.ofSeconds(60), () -> {
      var up = query("up{job=\"shopifygenie\"} == 1");
      return !up.isEmpty();
    });
  }

  /** The series an instant query answers with; empty while Prometheus is not up yet. */
  JsonArray query(String promql) {
    var uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
      + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    try {
      var response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return new JsonArray();
      }
      return new JsonObject(response.body()).getJsonObject("data").getJsonArray("result");
    } catch (IOException e) {
      return new JsonArray(); // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while querying Prometheus", e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
