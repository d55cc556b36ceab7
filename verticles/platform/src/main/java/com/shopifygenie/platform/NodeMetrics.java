package com.shopifygenie.platform;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The metrics of one node, in one Prometheus registry per Vert.x instance: Vert.x's own (HTTP
 * server requests by route, method and status with latency histograms, pools, event bus), the
 * JVM's (memory, GC, threads) and the gauges the domains register. Whoever creates the node's
 * Vert.x creates it here, so metrics are on everywhere the node runs.
 */
public final class NodeMetrics {

  private static final Map<Vertx, PrometheusMeterRegistry> REGISTRIES = Collections.synchronizedMap(new WeakHashMap<>());
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final Pattern SUB_ROUTER_MARKS = Pattern.compile("^(/>)+");

  private NodeMetrics() {}

  /** A Vert.x instance with metrics on. */
  public static Vertx newVertx() {
    return newVertx(new VertxOptions());
  }

  public static Vertx newVertx(VertxOptions options) {
    var registry = registry();
    var vertx = builder(options, registry).build();
    REGISTRIES.put(vertx, registry);
    return vertx;
  }

  /** A Vert.x instance with metrics on that joins a cluster through the given manager. */
  public static Future<Vertx> newClusteredVertx(VertxOptions options, ClusterManager manager) {
    var registry = registry();
    return builder(options, registry).withClusterManager(manager).buildClustered().onSuccess(vertx -> {
      REGISTRIES.put(vertx, registry);
      ClusterView.joined(vertx, manager);
    });
  }

  private static PrometheusMeterRegistry registry() {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Vert.x Web names a route through sub-routers with a "/>" per level: the template alone reads better
    registry.config().meterFilter(MeterFilter.replaceTagValues(Label.HTTP_ROUTE.toString(),
      route -> SUB_ROUTER_MARKS.matcher(route).replaceFirst("")));
    return registry;
  }

  private static VertxBuilder builder(VertxOptions options, PrometheusMeterRegistry registry) {
    return Vertx.builder()
      .with(options.setMetricsOptions(metricsOptions()))
      .withMetrics(new MicrometerMetricsFactory(registry));
  }

  /** The registry of a Vert.x instance made by {@link #newVertx}; empty for any other. */
  public static Optional<PrometheusMeterRegistry> of(Vertx vertx) {
    return Optional.ofNullable(REGISTRIES.get(vertx));
  }

  private static MicrometerMetricsOptions metricsOptions() {
    return new MicrometerMetricsOptions()
      .setEnabled(true)
      .setJvmMetricsEnabled(true)
      // Vert.x keeps registries by name for the whole JVM: one name per instance keeps two
      // nodes of one JVM (tests) apart, and closing one does not close the other's
      .setRegistryName("shopifygenie-" + INSTANCES.incrementAndGet())
      // the route template, never the path: one series per operation, not one per id
      .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE,
        Label.EB_ADDRESS, Label.EB_SIDE, Label.EB_FAILURE, Label.POOL_TYPE, Label.POOL_NAME))
      // latency as histogram buckets, so Prometheus can aggregate quantiles across nodes
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true));
  }
}
