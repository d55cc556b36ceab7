package com.shopifygenie.launcher;

import com.shopifygenie.platform.InvalidSettings;
import com.shopifygenie.platform.NodeMetrics;
import com.shopifygenie.platform.PortInUse;
import com.shopifygenie.platform.Settings;
import com.shopifygenie.platform.SigningKeys;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The command line of the one jar: {@code dev} runs everything, {@code run} a chosen subset. */
@Command(name = "shopifygenie", mixinStandardHelpOptions = true, version = "ShopifyGenie 0.1.0",
  description = "The ShopifyGenie commerce back end.",
  subcommands = {Main.Dev.class, Main.Run.class, Main.Migrate.class, Main.Keys.class})
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final Map<String, String> environment;

  private Main(Map<String, String> environment) {
    this.environment = environment;
  }

  public static void main(String[] args) {
    var code = commandLine().execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  static CommandLine commandLine() {
    return commandLine(System.getenv());
  }

  /** The command line reading the SHOPIFYGENIE_* settings from {@code environment}. */
  static CommandLine commandLine(Map<String, String> environment) {
    return new CommandLine(new Main(environment))
      .setParameterExceptionHandler((e, args) -> {
        e.getCommandLine().getErr().println("shopifygenie: " + e.getMessage() + " (see --help)");
        return 2;
      });
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: dev, run, migrate or keys");
  }

  @Command(name = "dev", mixinStandardHelpOptions = true,
    description = "Runs every verticle in one JVM on the local event bus. Without SHOPIFYGENIE_DB_URL it "
      + "starts an embedded PostgreSQL that keeps its data in the data dir.")
  static final class Dev implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "a YAML file overriding config/default.yaml")
    String config;

    @Option(names = "--kafka", paramLabel = "embedded",
      description = "carry events through a real Kafka broker started here (data in <data dir>/kafka) "
        + "instead of the local event bus")
    String kafka;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    Main main;

    @Override
    public Integer call() {
      if (kafka != null && !kafka.equals("embedded")) {
        throw new CommandLine.ParameterException(spec.commandLine(),
          "--kafka takes 'embedded'; for another broker set SHOPIFYGENIE_EVENTS=kafka and SHOPIFYGENIE_KAFKA_BOOTSTRAP");
      }
      return main.launch(spec, config, List.copyOf(Verticles.ALL.keySet()), true, kafka != null, false);
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
    description = "Runs the chosen verticles; the database server comes from SHOPIFYGENIE_DB_URL.")
  static final class Run implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--verticles", required = true, split = ",", paramLabel = "NAME[,NAME...]",
      description = "which to run, of: ${COMPLETION-CANDIDATES}", completionCandidates = Names.class)
    List<String> verticles;

    @Option(names = "--config", paramLabel = "FILE", description = "a YAML file overriding config/default.yaml")
    String config;

    @Option(names = "--cluster", description = "join the other nodes (cluster.members, by TCP-IP) so that requests "
      + "reach the domains wherever they run; needs the Kafka event transport")
    boolean cluster;

    @CommandLine.ParentCommand
    Main main;

    @Override
    public Integer call() {
      for (var name : verticles) {
        if (!Verticles.ALL.containsKey(name)) {
          throw new CommandLine.ParameterException(spec.commandLine(),
            "unknown verticle '" + name + "'; known: " + String.join(", ", Verticles.ALL.keySet()));
        }
      }
      return main.launch(spec, config, verticles, false, false, cluster);
    }
  }

  @Command(name = "migrate", mixinStandardHelpOptions = true,
    description = "Creates every domain's database where absent on the server of SHOPIFYGENIE_DB_URL, runs its "
      + "Flyway migrations and exits (the step before a deploy's nodes take traffic).")
  static final class Migrate implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "a YAML file overriding config/default.yaml")
    String config;

    @CommandLine.ParentCommand
    Main main;

    @Override
    public Integer call() {
      var vertx = Vertx.vertx();
      try {
        var done = settle(Migrations.run(vertx, config, main.environment, spec.commandLine().getOut()));
        if (done.succeeded()) {
          return 0;
        }
        var invalid = InvalidSettings.in(done.cause());
        spec.commandLine().getErr().println("shopifygenie: " + (invalid != null ? invalid.getMessage()
          : "migration failed: " + done.cause().getMessage()));
        return invalid != null ? 2 : 1;
      } finally {
        settle(vertx.close());
      }
    }
  }

  @Command(name = "keys", mixinStandardHelpOptions = true,
    description = "Writes the RS256 key pair that signs access tokens into <data dir>/keys, unless it is there "
      + "already, and prints the two files: every node of a deploy must be given the same two "
      + "(SHOPIFYGENIE_JWT_PRIVATE_KEY_FILE, SHOPIFYGENIE_JWT_PUBLIC_KEY_FILE).")
  static final class Keys implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "a YAML file overriding config/default.yaml")
    String config;

    @CommandLine.ParentCommand
    Main main;

    @Override
    public Integer call() {
      var vertx = Vertx.vertx();
      try {
        var read = settle(Settings.load(vertx, config, main.environment));
        if (read.failed()) {
          spec.commandLine().getErr().println("shopifygenie: " + read.cause().getMessage());
          return 1;
        }
        var auth = SigningKeys.prepare(read.result()).getJsonObject("auth");
        spec.commandLine().getOut().println(auth.getString("private_key_file"));
        spec.commandLine().getOut().println(auth.getString("public_key_file"));
        return 0;
      } finally {
        settle(vertx.close());
      }
    }
  }

  static final class Names implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Verticles.ALL.keySet().iterator();
    }
  }

  /**
   * Starts the node and answers the exit code: 0 once it runs (the JVM then lives on Vert.x's
   * threads until SIGTERM or Ctrl-C); when it failed to start, after stopping what had started,
   * 2 for settings it cannot start with (one line saying which) and 1 for anything else.
   */
  private int launch(CommandLine.Model.CommandSpec command, String config, List<String> verticles, boolean dev,
                     boolean embeddedKafka, boolean cluster) {
    Vertx vertx;
    if (cluster) {
      var joined = join(config);
      if (joined.failed()) {
        return failed(command, joined.cause());
      }
      vertx = joined.result();
    } else {
      vertx = NodeMetrics.newVertx();
    }
    var node = new Node(vertx);
    // registered before the start, so that a SIGTERM during it still stops what was started, in order
    var hook = new Thread(() -> stop(node), "shopifygenie-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    var start = settle(node.start(config, environment, verticles, dev, embeddedKafka));
    if (start.succeeded()) {
      banner(command.commandLine().getOut(), node, verticles);
      return 0;
    }
    settle(node.stop());
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway, and finds the node stopped
    }
    return failed(command, start.cause());
  }

  /** 2 and one line for settings the node cannot start with (a port in use too), 1 for anything else. */
  private static int failed(CommandLine.Model.CommandSpec command, Throwable cause) {
    var invalid = InvalidSettings.in(cause);
    if (invalid != null) {
      command.commandLine().getErr().println("shopifygenie: " + invalid.getMessage());
      return 2;
    }
    if (PortInUse.is(cause)) {
      command.commandLine().getErr().println("shopifygenie: a port this node listens on is in use by another process "
        + "(" + cause.getMessage() + "): see cluster.port, cluster.bus_port and events.embedded_kafka_port");
      return 2;
    }
    command.commandLine().getErr().println("shopifygenie: failed to start: " + cause.getMessage());
    return 1;
  }

  /**
   * Reads the settings, then joins the cluster they name with a Vert.x built on this thread (the
   * node's, which its start reads the same settings with again). Refuses a cluster without Kafka.
   */
  private AsyncResult<Vertx> join(String config) {
    var reader = Vertx.vertx();
    var read = settle(Settings.load(reader, config, environment));
    settle(reader.close());
    if (read.failed()) {
      return Future.failedFuture(read.cause());
    }
    var settings = read.result();
    try {
      ClusterJoin.check(settings);
    } catch (InvalidSettings invalid) {
      return Future.failedFuture(invalid);
    }
    var manager = ClusterJoin.manager(settings);
    var selector = new ForgetfulNodeSelector();
    return settle(NodeMetrics.newClusteredVertx(ClusterJoin.options(settings), manager, selector)
      .onSuccess(vertx -> RegistrationSweeper.install(vertx, manager, selector)));
  }

  /** Waits on this thread (main or a shutdown hook, never an event loop) for a future to complete. */
  private static <T> AsyncResult<T> settle(Future<T> future) {
    var done = new CountDownLatch(1);
    future.onComplete(result -> done.countDown());
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Future.failedFuture(e);
    }
    return future;
  }

  private static void stop(Node node) {
    // a shutdown hook is a plain thread: waiting here is what keeps the JVM up until we are done
    System.out.println("ShopifyGenie is stopping: finishing in-flight requests");
    var done = new CountDownLatch(1);
    node.stop().onComplete(result -> {
      System.out.println(result.succeeded() ? "ShopifyGenie stopped" : "ShopifyGenie stopped: " + result.cause());
      done.countDown();
    });
    // the settings are unknown when the start failed before reading them
    var settings = Optional.ofNullable(node.settings()).map(all -> all.getJsonObject("http")).orElseGet(JsonObject::new);
    var seconds = settings.getInteger("stop_timeout_seconds", 30);
    try {
      if (!done.await(seconds, TimeUnit.SECONDS)) {
        System.out.println("ShopifyGenie did not stop within " + seconds + " s: stopping its embedded servers now");
        node.stopEmbeddedNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void banner(PrintWriter out, Node node, List<String> verticles) {
    var settings = node.settings();
    out.println("ShopifyGenie is running: " + String.join(", ", verticles));
    if (verticles.contains(Verticles.GATEWAY)) {
      var port = settings.getJsonObject("http").getInteger("port");
      out.println("  API:    http://localhost:" + port + "/");
      out.println("  Docs:   http://localhost:" + port + "/api-docs");
      out.println("  Health: http://localhost:" + port + "/health/ready");
    }
    if (node.clusterNodeId() != null) {
      out.println("  Cluster: node " + node.clusterNodeId() + " of " + settings.getJsonObject("cluster").getString("name"));
    }
    var events = settings.getJsonObject("events");
    if ("kafka".equals(events.getString("transport"))) {
      out.println("  Events: Kafka at " + events.getString("kafka_bootstrap"));
    } else {
      out.println("  Events: the local event bus");
    }
    out.flush();
  }

}
