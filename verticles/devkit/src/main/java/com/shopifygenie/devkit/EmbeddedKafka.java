package com.shopifygenie.devkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Apache Kafka broker (KRaft, one combined broker and controller) for dev mode and tests,
 * run from the jars that {@code shopifygenie-kafka-broker} packs.
 *
 * <p>The broker needs kafka-clients 4.x while the application's vertx-kafka-client stays on
 * 3.7.1, so the broker runs in a JVM of its own with its own class path: the jars are extracted
 * into {@code dataDir/lib} and started with the same java binary. Its data stays in
 * {@code dataDir/data}, so topics and committed offsets survive restarts; its log goes to
 * {@code dataDir/broker.log}. {@link BrokerFiles} keeps what is on disk, {@link BrokerJvm} runs
 * the JVMs. Whoever starts it closes it, after the clients that use it (dev mode's node does, in
 * its stop order); if this JVM ends first, however it ends, the broker shuts itself down because
 * its standard input, a pipe from here, closes.
 *
 * <p>Starting and closing block for seconds: call them off the event loops.
 */
public final class EmbeddedKafka implements AutoCloseable {

  public static final int PARTITIONS = 3;
  private static final int OFFSETS_PARTITIONS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  private final BrokerFiles files;
  private final FileChannel lock;
  private final Process process;
  private final String bootstrap;
  private boolean closed;

  private EmbeddedKafka(BrokerFiles files, FileChannel lock, Process process, String bootstrap) {
    this.files = files;
    this.lock = lock;
    this.process = process;
    this.bootstrap = bootstrap;
  }

  /**
   * Starts the broker on {@code 127.0.0.1:port} (0 picks a free port), formatting the storage on
   * first use, and returns once it answers. It has no topics of its own: the event transports
   * create those the domains publish and consume on first use.
   */
  public static EmbeddedKafka start(Path dataDir, int port) {
    var started = System.nanoTime();
    var files = new BrokerFiles(dataDir.toAbsolutePath().normalize());
    EmbeddedKafka kafka = null;
    FileChannel lock = null;
    boolean launched = false;
    try {
      Files.createDirectories(files.dir());
      // a broker whose JVM still holds the directory is that shop's, running: never a leftover
      lock = lock(files.dir());
      BrokerJvm.stopLeftover(files, STOP_TIMEOUT);
      var classPath = files.install();
      int brokerPort = port == 0 ? FreePorts.pick() : requireFree(port);
      files.writeConfig(HOST, brokerPort, FreePorts.pick(), PARTITIONS, OFFSETS_PARTITIONS);
      files.rotateLog();
      launched = true;
      if (!files.formatted()) {
        BrokerJvm.format(files, classPath, START_TIMEOUT);
      }
      var process = BrokerJvm.launch(files, classPath);
      kafka = new EmbeddedKafka(files, lock, process, HOST + ":" + brokerPort);
      Files.writeString(files.pidFile(), Long.toString(process.pid()));
      kafka.awaitListener(brokerPort, started);
      try (var admin = kafka.admin()) {
        kafka.awaitAnswer(admin, started);
      }
      LOG.info("Kafka broker at {} ready in {} ms (data in {})",
        kafka.bootstrap, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), files.dir());
      return kafka;
    } catch (IOException e) {
      closeQuietly(kafka, lock);
      throw new UncheckedIOException("cannot start the embedded Kafka broker in " + files.dir()
        + (launched ? files.logTail() : ""), e);
    } catch (InterruptedException e) {
      closeQuietly(kafka, lock);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the embedded Kafka broker", e);
    } catch (RuntimeException e) {
      closeQuietly(kafka, lock);
      throw e;
    }
  }

  /**
   * The directory's lock, held while this JVM runs its broker; the kernel lets go of it when the
   * JVM dies, however it dies, and only then is a broker still running there one left behind.
   */
  private static FileChannel lock(Path dir) throws IOException {
    var channel = FileChannel.open(dir.resolve("jvm.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      if (channel.tryLock() == null) {
        throw new IllegalStateException("another process runs the embedded Kafka broker in " + dir);
      }
    } catch (OverlappingFileLockException e) {
      channel.close();
      throw new IllegalStateException("this process runs the embedded Kafka broker in " + dir + " already", e);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return channel;
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
      Files.deleteIfExists(files.pidFile());
      lock.close();
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

  private static boolean accepts(int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int requireFree(int port) throws IOException {
    try (var socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
      return port;
    } catch (IOException e) {
      throw new IOException("port " + HOST + ":" + port + " is in use: is another Kafka broker running?", e);
    }
  }

  /** The broker if it was launched, else the directory's lock alone (a broker's close lets go of it). */
  private static void closeQuietly(EmbeddedKafka kafka, FileChannel lock) {
    if (kafka != null) {
      kafka.close();
    } else if (lock != null) {
      try {
        lock.close();
      } catch (IOException e) {
        LOG.debug("letting go of the Kafka directory's lock", e);
      }
    }
  }
}
