package com.shopifygenie.platform;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.impl.clustered.NodeSelector;
import io.vertx.core.impl.VertxBootstrapImpl;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.transport.Transport;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  /** What a failure adds on its way back through the sub-router's mount: ">/" per level. */
  private static final Pattern FAILURE_MARKS = Pattern.compile("(>/)+$");
  /** Methods worth a series of their own; any other name a client makes up is counted as "other". */
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
  /**
   * The buckets of every latency histogram, in seconds: a dozen a series instead of Micrometer's
   * 276, which made one scrape of a busy node tens of megabytes.
   */
  private static final double[] SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  /** The buckets of every size histogram (request and response bytes, rows). */
  private static final double[] SIZES = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000};

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

  /**
   * A Vert.x instance with metrics on that joins a cluster through the given manager and picks the
   * nodes of an address with the given selector (Vert.x's builder takes none, its bootstrap does).
   */
  public static Future<Vertx> newClusteredVertx(VertxOptions options, ClusterManager manager, NodeSelector selector) {
    var registry = registry();
    var bootstrap = VertxBootstrap.create()
      .options(options.setMetricsOptions(metricsOptions()))
      .metricsFactory(new MicrometerMetricsFactory(registry));
    bootstrap.transport((options.getPreferNativeTransport() ? Transport.nativeTransport() : Transport.NIO).implementation());
    ((VertxBootstrapImpl) bootstrap).clusterNodeSelector(selector);
    return bootstrap.clusterManager(manager).init().clusteredVertx().onSuccess(vertx -> {
      REGISTRIES.put(vertx, registry);
      ClusterView.joined(vertx, manager);
    });
  }

  /**
   * Vert.x Web names a request's route by every route it passed, joined by ">": "/>" per
   * sub-router on the way in, ">/" per level a failure went back out, and each route of a chain
   * ("/api-docs>/api-docs/"). The route that answered, the last, alone reads better.
   */
  static String routeLabel(String route) {
    var inner = FAILURE_MARKS.matcher(SUB_ROUTER_MARKS.matcher(route).replaceFirst("")).replaceFirst("");
    return inner.substring(inner.lastIndexOf('>') + 1);
  }

  private static PrometheusMeterRegistry registry() {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(MeterFilter.replaceTagValues(Label.HTTP_ROUTE.toString(), NodeMetrics::routeLabel));
    // the method is the client's to choose: a made-up one must not open a series per name
    registry.config().meterFilter(MeterFilter.replaceTagValues(Label.HTTP_METHOD.toString(),
      method -> METHODS.contains(method) ? method : "other"));
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        var buckets = id.getType() == Meter.Type.TIMER ? seconds() : id.getType() == Meter.Type.DISTRIBUTION_SUMMARY
          ? SIZES : null;
        return buckets == null ? config : DistributionStatisticConfig.builder().percentilesHistogram(false)
          .serviceLevelObjectives(buckets).build().merge(config);
      }
    });
    return registry;
  }

  /** Timers' buckets in nanoseconds, the unit Micrometer keeps them in. */
  private static double[] seconds() {
    var nanos = new double[SECONDS.length];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = SECONDS[i] * 1e9;
    }
    return nanos;
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
      // latency as histogram buckets (the registry's filter sets them), so Prometheus can
      // aggregate quantiles across nodes
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
  }
}
