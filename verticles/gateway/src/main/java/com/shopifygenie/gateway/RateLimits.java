package com.shopifygenie.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.shopifygenie.platform.Problem;
import com.shopifygenie.platform.Settings;
import io.github.bucket4j.Bucket;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Per-client token buckets: one for every request, and a stricter one for the credential
 * endpoints, where guessing passwords and mass registration live. Clients are keyed by their
 * address; idle buckets are forgotten so the map cannot grow without bound. One set of buckets
 * serves every gateway instance of a node (the cache and the buckets are thread-safe), so running
 * an instance per event loop does not multiply the limits.
 */
final class RateLimits implements Shareable {

  private static final Set<String> CREDENTIAL_PATHS = Set.of("/auth/login", "/auth/register");

  private final int perMinute;
  private final int credentialsPerMinute;
  private final boolean trustForwardedFor;
  private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
    // upkeep on the calling event loop: handing it to the common pool woke a thread (2 % of a GET's cost)
    .executor(Runnable::run)
    .expireAfterAccess(2, TimeUnit.MINUTES)
    .maximumSize(1_000_000)
    .build();

  /** The buckets of this Vert.x instance for these limits, made by the first gateway instance that asks. */
  static RateLimits of(Vertx vertx, JsonObject config) {
    var limits = Settings.section(config, "rate_limit");
    var node = vertx.sharedData().<String, RateLimits>getLocalMap(RateLimits.class.getName());
    var made = new RateLimits(config);
    var earlier = node.putIfAbsent(limits.encode(), made);
    return earlier == null ? made : earlier;
  }

  private RateLimits(JsonObject config) {
    var limits = Settings.section(config, "rate_limit");
    this.perMinute = limits.getInteger("per_minute", 1200);
    this.credentialsPerMinute = limits.getInteger("auth_per_minute", 20);
    this.trustForwardedFor = limits.getBoolean("trust_forwarded_for", false);
  }

  void handle(RoutingContext ctx) {
    var path = ctx.request().path();
    if (path.startsWith("/health")) {
      ctx.next(); // probes are never throttled
      return;
    }
    var client = client(ctx);
    var wait = take(client, perMinute);
    if (wait == 0 && ctx.request().method() == HttpMethod.POST && CREDENTIAL_PATHS.contains(path)) {
      wait = take(client + " credentials", credentialsPerMinute);
    }
    if (wait > 0) {
      ctx.fail(Problem.rateLimited(wait));
    } else {
      ctx.next();
    }
  }

  /** Takes a token; 0 when one was there, else the whole seconds until one will be. */
  private long take(String key, int limit) {
    var bucket = buckets.get(key, k -> Bucket.builder()
      .addLimit(l -> l.capacity(limit).refillGreedy(limit, Duration.ofMinutes(1)))
      .build());
    var probe = bucket.tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
  }

  private String client(RoutingContext ctx) {
    if (trustForwardedFor) {
      var forwarded = ctx.request().getHeader("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        return forwarded.split(",")[0].trim();
      }
    }
    var address = ctx.request().remoteAddress();
    return address == null ? "unknown" : address.hostAddress();
  }
}
