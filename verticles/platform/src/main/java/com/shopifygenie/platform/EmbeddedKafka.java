package com.shopifygenie.platform;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real Apache Kafka broker (KRaft, one combined broker and controller) for dev mode and tests,
 * run from the jars that {@code shopifygenie-kafka-broker} packs.
 *
 * <p>The broker needs kafka-clients 4.x while the application's vertx-kafka-client stays on
 * 3.7.1, so the broker runs in a JVM of its own with its own class path: the jars are extracted
 * into {@code dataDir/lib} and started with the same java binary. Its data stays in
 * {@code dataDir/data}, so topics and committed offsets survive restarts; its log goes to
 * {@code dataDir/broker.log}. The broker dies with this JVM: on a normal exit through a shutdown
 * hook, on a kill because the broker exits when its standard input (a pipe from here) closes.
 *
 * <p>Starting and closing block for seconds: call them off the event loops.
 */
public final class EmbeddedKafka implements AutoCloseable {

  public static final int PARTITIONS = 3;
  private static final int OFFSETS_PARTITIONS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private static final String INDEX = "kafka-broker/index.txt";
  private static final String BROKER_MAIN = "com.shopifygenie.kafkabroker.BrokerMain";
  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final long LOG_ROTATE_BYTES = 20L * 1024 * 1024;

  private final Path dataDir;
  private final Process process;
  private final String bootstrap;
  private final Thread shutdownHook;
  private boolean closed;

  private EmbeddedKafka(Path dataDir, Process process, String bootstrap) {
    this.dataDir = dataDir;
    this.process = process;
    this.bootstrap = bootstrap;
    this.shutdownHook = new Thread(this::close, "embedded-kafka-shutdown");
  }

  /**
   * Starts the broker on {@code 127.0.0.1:port} (0 picks a free port), formatting the storage on
   * first use, and returns once it answers. It has no topics of its own: the event transports
   * create those the domains publish and consume on first use.
   */
  public static EmbeddedKafka start(Path dataDir, int port) {
    var started = System.nanoTime();
    var dir = dataDir.toAbsolutePath().normalize();
    EmbeddedKafka kafka = null;
    boolean launched = false;
    try {
      Files.createDirectories(dir);
      stopLeftoverBroker(dir);
      var lib = extractJars(dir);
      var boot = writeBrokerMain(dir);
      int brokerPort = port == 0 ? freePort() : requireFree(port);
      int controllerPort = freePort();
      var config = writeConfig(dir, brokerPort, controllerPort);
      rotateLog(dir);
      var classPath = boot + java.io.File.pathSeparator + lib.resolve("*");
      launched = true;
      if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
        format(dir, classPath, config);
      }
      var process = new ProcessBuilder(command(dir, classPath, "info", BROKER_MAIN, config.toString()))
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log(dir).toFile()))
        // stdin stays a pipe from this JVM: BrokerMain exits when it closes
        .start();
      kafka = new EmbeddedKafka(dir, process, HOST + ":" + brokerPort);
      Runtime.getRuntime().addShutdownHook(kafka.shutdownHook);
      Files.writeString(dir.resolve("broker.pid"), Long.toString(process.pid()));
      kafka.awaitListener(brokerPort, started);
      try (var admin = kafka.admin()) {
        kafka.awaitAnswer(admin, started);
      }
      LOG.info("Kafka broker at {} ready in {} ms (data in {})",
        kafka.bootstrap, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dir);
      return kafka;
    } catch (IOException e) {
      closeQuietly(kafka);
      throw new UncheckedIOException("cannot start the embedded Kafka broker in " + dir + (launched ? logTail(dir) : ""), e);
    } catch (InterruptedException e) {
      closeQuietly(kafka);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the embedded Kafka broker", e);
    } catch (RuntimeException e) {
      closeQuietly(kafka);
      throw e;
    }
  }

  /** The bootstrap servers, {@code 127.0.0.1:PORT}. */
  public String bootstrap() {
    return bootstrap;
  }

  /** Stops the broker (SIGTERM, a controlled shutdown; killed if it takes longer than 20 s). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // called from the hook itself
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Kafka broker (pid {}) did not stop within {} s, killing it", process.pid(), STOP_TIMEOUT.toSeconds());
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      process.getOutputStream().close();
      Files.deleteIfExists(dataDir.resolve("broker.pid"));
    } catch (IOException e) {
      LOG.debug("cleaning up after the Kafka broker", e);
    }
  }

  /** The listener first: an admin client polled against a closed port logs a warning per try. */
  private void awaitListener(int port, long startedNanos) throws IOException, InterruptedException {
    long deadline = startedNanos + START_TIMEOUT.toNanos();
    while (!accepts(port)) {
      if (!process.isAlive()) {
        throw new IOException("the Kafka broker exited with status " + process.exitValue());
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("the Kafka broker did not open port " + port + " within " + START_TIMEOUT.toSeconds() + " s");
      }
      Thread.sleep(50);
    }
  }

  private void awaitAnswer(Admin admin, long startedNanos) throws IOException, InterruptedException {
    long deadline = startedNanos + START_TIMEOUT.toNanos();
    var nodes = admin.describeCluster().nodes();
    while (true) {
      try {
        nodes.get(100, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        // the admin client retries by itself; meanwhile, notice a broker that died
        if (!process.isAlive()) {
          throw new IOException("the Kafka broker exited with status " + process.exitValue());
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("the Kafka broker does not answer at " + bootstrap + " within " + START_TIMEOUT.toSeconds() + " s");
        }
      } catch (ExecutionException e) {
        throw new IOException("the Kafka broker does not answer at " + bootstrap, e.getCause());
      }
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(
      AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
      AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-setup",
      AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
      AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000,
      AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
      AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
  }

  /**
   * Copies the broker's jars out of the class path into {@code dataDir/lib}, once: the copy of the
   * index written last marks a complete extraction, and a different index (another Kafka) redoes it.
   */
  private static Path extractJars(Path dir) throws IOException {
    var index = resource(INDEX);
    var lib = dir.resolve("lib");
    var stamp = lib.resolve("index.txt");
    var jars = Arrays.stream(index.split("[:\\s]+")).filter(s -> !s.isBlank()).toList();
    if (jars.isEmpty()) {
      throw new IllegalStateException(INDEX + " lists no jars");
    }
    boolean current = Files.exists(stamp) && Files.readString(stamp).equals(index)
      && jars.stream().allMatch(jar -> Files.exists(lib.resolve(fileName(jar))));
    if (current) {
      return lib;
    }
    deleteTree(lib);
    Files.createDirectories(lib);
    var loader = EmbeddedKafka.class.getClassLoader();
    for (var jar : jars) {
      try (var in = loader.getResourceAsStream(jar)) {
        if (in == null) {
          throw new IllegalStateException(INDEX + " names " + jar + ", which is not on the class path");
        }
        Files.copy(in, lib.resolve(fileName(jar)));
      }
    }
    Files.writeString(stamp, index);
    return lib;
  }

  /** BrokerMain is one class file: rewritten on every start, so it always matches this build. */
  private static Path writeBrokerMain(Path dir) throws IOException {
    var boot = dir.resolve("boot");
    var classFile = BROKER_MAIN.replace('.', '/') + ".class";
    try (InputStream in = EmbeddedKafka.class.getClassLoader().getResourceAsStream(classFile)) {
      if (in == null) {
        throw new IllegalStateException(classFile + " is not on the class path: add com.shopifygenie:shopifygenie-kafka-broker");
      }
      var target = boot.resolve(classFile);
      Files.createDirectories(target.getParent());
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return boot;
  }

  private static Path writeConfig(Path dir, int brokerPort, int controllerPort) throws IOException {
    var data = dir.resolve("data");
    Files.createDirectories(data);
    // a static controller quorum (controller.quorum.voters): the voter set lives in this file, not
    // in the metadata log, so the controller port may change from one start to the next
    var server = String.join("\n",
      "# written by EmbeddedKafka on every start; edits are lost",
      "process.roles=broker,controller",
      "node.id=1",
      "listeners=PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort,
      "advertised.listeners=PLAINTEXT://" + HOST + ":" + brokerPort,
      "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
      "inter.broker.listener.name=PLAINTEXT",
      "controller.listener.names=CONTROLLER",
      "controller.quorum.voters=1@" + HOST + ":" + controllerPort,
      "log.dirs=" + data,
      "num.partitions=" + PARTITIONS,
      "auto.create.topics.enable=false",
      "default.replication.factor=1",
      "min.insync.replicas=1",
      "offsets.topic.replication.factor=1",
      // 50 by default: loading them all delays a group's first join and every restart
      "offsets.topic.num.partitions=" + OFFSETS_PARTITIONS,
      "transaction.state.log.replication.factor=1",
      "transaction.state.log.min.isr=1",
      "share.coordinator.state.topic.replication.factor=1",
      "share.coordinator.state.topic.min.isr=1",
      "group.initial.rebalance.delay.ms=0",
      "");
    var config = dir.resolve("server.properties");
    Files.writeString(config, server);
    // Kafka logs through SLF4J 1.7 -> log4j2; everything goes to stdout, which is broker.log
    Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
      "status = warn",
      "appender.out.type = Console",
      "appender.out.name = out",
      "appender.out.layout.type = PatternLayout",
      "appender.out.layout.pattern = [%d] %p %m (%c)%n",
      "rootLogger.level = ${sys:broker.log.level:-info}",
      "rootLogger.appenderRef.out.ref = out",
      "logger.request.name = kafka.request.logger",
      "logger.request.level = warn",
      // the full configuration is in server.properties; no need for 400 lines per start
      "logger.config.name = org.apache.kafka.common.config.AbstractConfig",
      "logger.config.level = warn",
      "logger.kafkaconfig.name = kafka.server.KafkaConfig",
      "logger.kafkaconfig.level = warn",
      ""));
    return config;
  }

  private static void format(Path dir, String classPath, Path config) throws IOException, InterruptedException {
    var clusterId = Uuid.randomUuid().toString();
    var format = new ProcessBuilder(command(dir, classPath, "warn",
        "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString()))
      .directory(dir.toFile())
      .redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(log(dir).toFile()))
      .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
      .start();
    if (!format.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      format.destroyForcibly();
      throw new IOException("formatting the Kafka storage did not finish");
    }
    if (format.exitValue() != 0) {
      throw new IOException("formatting the Kafka storage failed with status " + format.exitValue());
    }
    LOG.info("formatted Kafka storage in {} (cluster id {})", dir.resolve("data"), clusterId);
  }

  private static List<String> command(Path dir, String classPath, String logLevel, String mainClass, String... args) {
    var command = new ArrayList<>(List.of(
      javaBinary(),
      "-Xmx512m",
      "-XX:+UseG1GC",
      // C1 only: starts in about 2.5 s instead of 4.5 s on two cores, and a dev or test broker
      // never runs long enough for C2 to pay off (measured: the same sync send latency, about
      // 10 % less peak producer throughput)
      "-XX:TieredStopAtLevel=1",
      "-XX:+ExitOnOutOfMemoryError",
      "-Djava.awt.headless=true",
      "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
      // log4j's own hook would stop logging before Kafka's hook has logged its shutdown
      "-Dlog4j2.shutdownHookEnabled=false",
      "-Dbroker.log.level=" + logLevel,
      "-cp", classPath,
      mainClass));
    command.addAll(List.of(args));
    return command;
  }

  private static String javaBinary() {
    var java = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
    return Files.isExecutable(java) ? java.toString() : ProcessHandle.current().info().command().orElse("java");
  }

  /**
   * A broker of an earlier run on this directory whose parent died without closing it would hold
   * the ports and the log directory lock; it is recognised by its pid file and command line.
   */
  private static void stopLeftoverBroker(Path dir) throws IOException, InterruptedException {
    var pidFile = dir.resolve("broker.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    var config = dir.resolve("server.properties").toString();
    try {
      var leftover = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(line -> line.contains(BROKER_MAIN) && line.contains(config)).orElse(false));
      if (leftover.isPresent()) {
        var p = leftover.get();
        LOG.warn("stopping a Kafka broker left running on {} (pid {})", dir, p.pid());
        p.destroy();
        try {
          p.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
          p.destroyForcibly();
          p.onExit().get(5, TimeUnit.SECONDS);
        }
      }
    } catch (NumberFormatException | ExecutionException | TimeoutException e) {
      LOG.warn("ignoring {}: {}", pidFile, e.toString());
    }
    Files.deleteIfExists(pidFile);
  }

  private static void rotateLog(Path dir) throws IOException {
    var log = log(dir);
    if (Files.exists(log) && Files.size(log) > LOG_ROTATE_BYTES) {
      Files.move(log, dir.resolve("broker.log.1"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static Path log(Path dir) {
    return dir.resolve("broker.log");
  }

  private static String logTail(Path dir) {
    try (Stream<String> lines = Files.lines(log(dir))) {
      var all = lines.toList();
      return "; last lines of " + log(dir) + ":\n" + String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }

  private static boolean accepts(int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }

  private static int requireFree(int port) throws IOException {
    try (var socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
      return port;
    } catch (IOException e) {
      throw new IOException("port " + HOST + ":" + port + " is in use: is another Kafka broker running?", e);
    }
  }

  private static String resource(String name) throws IOException {
    try (var in = EmbeddedKafka.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the class path: add com.shopifygenie:shopifygenie-kafka-broker");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String fileName(String resource) {
    var name = resource.substring(resource.lastIndexOf('/') + 1);
    if (name.isEmpty() || name.equals("..")) {
      throw new IllegalStateException("bad entry in " + INDEX + ": " + resource);
    }
    return name;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static java.io.File nullFile() {
    return new java.io.File(isWindows() ? "NUL" : "/dev/null");
  }

  private static boolean isWindows() {
    return System.getProperty("os.name").startsWith("Windows");
  }

  private static void closeQuietly(EmbeddedKafka kafka) {
    if (kafka != null) {
      kafka.close();
    }
  }
}
