package com.shopifygenie.devkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the broker JVM needs on disk under its directory: the jars of {@code shopifygenie-kafka-broker}
 * extracted into {@code lib}, the one class of {@code boot}, {@code server.properties}, a log4j2
 * configuration, and {@code broker.log} (rotated past 20 MB). Blocking file work: off the event loops.
 */
final class BrokerFiles {

  static final String BROKER_MAIN = "com.shopifygenie.kafkabroker.BrokerMain";
  private static final String INDEX = "kafka-broker/index.txt";
  private static final long LOG_ROTATE_BYTES = 20L * 1024 * 1024;

  private final Path dir;

  BrokerFiles(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  Path log() {
    return dir.resolve("broker.log");
  }

  Path pidFile() {
    return dir.resolve("broker.pid");
  }

  Path config() {
    return dir.resolve("server.properties");
  }

  /** Whether the storage was formatted by an earlier start. */
  boolean formatted() {
    return Files.exists(dir.resolve("data").resolve("meta.properties"));
  }

  /** The broker's class path: BrokerMain first, then Kafka's jars. */
  String install() throws IOException {
    var lib = extractJars();
    var boot = writeBrokerMain();
    return boot + java.io.File.pathSeparator + lib.resolve("*");
  }

  /**
   * Copies the broker's jars out of the class path into {@code lib}, once: the copy of the index
   * written last marks a complete extraction, and a different index (another Kafka) redoes it.
   */
  private Path extractJars() throws IOException {
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
    var loader = BrokerFiles.class.getClassLoader();
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
  private Path writeBrokerMain() throws IOException {
    var boot = dir.resolve("boot");
    var classFile = BROKER_MAIN.replace('.', '/') + ".class";
    try (InputStream in = BrokerFiles.class.getClassLoader().getResourceAsStream(classFile)) {
      if (in == null) {
        throw new IllegalStateException(classFile + " is not on the class path: add com.shopifygenie:shopifygenie-kafka-broker");
      }
      var target = boot.resolve(classFile);
      Files.createDirectories(target.getParent());
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return boot;
  }

  /** server.properties for one combined broker and controller, and the broker's log4j2 settings. */
  Path writeConfig(String host, int brokerPort, int controllerPort, int partitions, int offsetsPartitions)
    throws IOException {
    var data = dir.resolve("data");
    Files.createDirectories(data);
    // a static controller quorum (controller.quorum.voters): the voter set lives in this file, not
    // in the metadata log, so the controller port may change from one start to the next
    var server = String.join("\n",
      "# written by EmbeddedKafka on every start; edits are lost",
      "process.roles=broker,controller",
      "node.id=1",
      "listeners=PLAINTEXT://" + host + ":" + brokerPort + ",CONTROLLER://" + host + ":" + controllerPort,
      "advertised.listeners=PLAINTEXT://" + host + ":" + brokerPort,
      "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
      "inter.broker.listener.name=PLAINTEXT",
      "controller.listener.names=CONTROLLER",
      "controller.quorum.voters=1@" + host + ":" + controllerPort,
      "log.dirs=" + data,
      "num.partitions=" + partitions,
      "auto.create.topics.enable=false",
      "default.replication.factor=1",
      "min.insync.replicas=1",
      "offsets.topic.replication.factor=1",
      // 50 by default: loading them all delays a group's first join and every restart
      "offsets.topic.num.partitions=" + offsetsPartitions,
      "transaction.state.log.replication.factor=1",
      "transaction.state.log.min.isr=1",
      "share.coordinator.state.topic.replication.factor=1",
      "share.coordinator.state.topic.min.isr=1",
      "group.initial.rebalance.delay.ms=0",
      "");
    Files.writeString(config(), server);
    // Kafka logs through SLF4J 1.7 -> log4j2; everything goes to stdout, which is broker.log
    Files.writeString(log4jConfig(), String.join("\n",
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
    return config();
  }

  Path log4jConfig() {
    return dir.resolve("log4j2.properties");
  }

  void rotateLog() throws IOException {
    if (Files.exists(log()) && Files.size(log()) > LOG_ROTATE_BYTES) {
      Files.move(log(), dir.resolve("broker.log.1"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The last lines of broker.log, for the message of a failed start. */
  String logTail() {
    try (Stream<String> lines = Files.lines(log())) {
      var all = lines.toList();
      return "; last lines of " + log() + ":\n" + String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }

  private static String resource(String name) throws IOException {
    try (var in = BrokerFiles.class.getClassLoader().getResourceAsStream(name)) {
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
}
