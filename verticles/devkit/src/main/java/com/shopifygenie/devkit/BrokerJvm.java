package com.shopifygenie.devkit;

import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JVMs that run Kafka's own classes, on the class path {@link BrokerFiles} installed: the
 * storage format tool, the broker itself, and the stop of a broker an earlier run left behind.
 * They run with the java binary of this JVM and log into broker.log.
 */
final class BrokerJvm {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerJvm.class);

  private BrokerJvm() {}

  /** Starts BrokerMain; its stdin stays a pipe from this JVM, and BrokerMain exits when it closes. */
  static Process launch(BrokerFiles files, String classPath) throws IOException {
    return new ProcessBuilder(command(files, classPath, "info", BrokerFiles.BROKER_MAIN, files.config().toString()))
      .directory(files.dir().toFile())
      .redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(files.log().toFile()))
      .start();
  }

  /** Formats the storage with a new cluster id (kafka-storage format). */
  static void format(BrokerFiles files, String classPath, Duration timeout) throws IOException, InterruptedException {
    var clusterId = Uuid.randomUuid().toString();
    var format = new ProcessBuilder(command(files, classPath, "warn",
        "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", files.config().toString()))
      .directory(files.dir().toFile())
      .redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(files.log().toFile()))
      .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
      .start();
    if (!format.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      format.destroyForcibly();
      throw new IOException("formatting the Kafka storage did not finish");
    }
    if (format.exitValue() != 0) {
      throw new IOException("formatting the Kafka storage failed with status " + format.exitValue());
    }
    LOG.info("formatted Kafka storage in {} (cluster id {})", files.dir().resolve("data"), clusterId);
  }

  /**
   * A broker of an earlier run on this directory whose parent died without closing it would hold
   * the ports and the log directory lock; it is recognised by its pid file and command line.
   */
  static void stopLeftover(BrokerFiles files, Duration timeout) throws IOException, InterruptedException {
    var pidFile = files.pidFile();
    if (!Files.exists(pidFile)) {
      return;
    }
    var config = files.config().toString();
    try {
      var leftover = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine()
          .map(line -> line.contains(BrokerFiles.BROKER_MAIN) && line.contains(config)).orElse(false));
      if (leftover.isPresent()) {
        var p = leftover.get();
        LOG.warn("stopping a Kafka broker left running on {} (pid {})", files.dir(), p.pid());
        p.destroy();
        try {
          p.onExit().get(timeout.toSeconds(), TimeUnit.SECONDS);
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

  private static List<String> command(BrokerFiles files, String classPath, String logLevel, String mainClass,
                                      String... args) {
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
      "-Dlog4j2.configurationFile=" + files.log4jConfig(),
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

  private static java.io.File nullFile() {
    return new java.io.File(isWindows() ? "NUL" : "/dev/null");
  }

  private static boolean isWindows() {
    return System.getProperty("os.name").startsWith("Windows");
  }
}
