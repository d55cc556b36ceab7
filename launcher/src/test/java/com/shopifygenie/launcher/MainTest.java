package com.shopifygenie.launcher;

import com.shopifygenie.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

  record Outcome(int code, String out, String err) {}

  static Outcome run(String... args) {
    return run(Map.of(), args);
  }

  /** The command line with these SHOPIFYGENIE_* variables as its whole environment. */
  static Outcome run(Map<String, String> environment, String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var code = Main.commandLine(environment).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  @Test
  void anUnknownVerticleIsOneLineAndExitCode2() {
    var outcome = run("run", "--verticles", "gateway,warehouse");
    assertEquals(2, outcome.code());
    assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
    assertTrue(outcome.err().contains("unknown verticle 'warehouse'"), outcome.err());
  }

  @Test
  void anUnknownOptionIsOneLineAndExitCode2() {
    var outcome = run("dev", "--turbo");
    assertEquals(2, outcome.code());
    assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
    assertTrue(outcome.err().contains("--turbo"), outcome.err());
  }

  @Test
  void runWithoutVerticlesIsAUsageError() {
    assertEquals(2, run("run").code());
    assertEquals(2, run().code());
    assertEquals(2, run("deploy").code());
  }

  @Test
  void everyCommandHasHelp() {
    var top = run("--help");
    assertEquals(0, top.code());
    assertTrue(top.out().contains("dev") && top.out().contains("run"), top.out());
    var dev = run("dev", "--help");
    assertEquals(0, dev.code());
    assertTrue(dev.out().contains("--config"), dev.out());
    var runHelp = run("run", "--help");
    assertEquals(0, runHelp.code());
    assertTrue(runHelp.out().contains("--verticles") && runHelp.out().contains("auth"), runHelp.out());
  }

  @Test
  void aClusteredNodeWithoutKafkaRefusesToStartInOneLine() {
    var outcome = run(Map.of("SHOPIFYGENIE_CLUSTER_MEMBERS", "127.0.0.1:5701"), "run", "--verticles", "gateway", "--cluster");
    assertEquals(2, outcome.code(), outcome.err());
    assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
    assertTrue(outcome.err().contains("--cluster needs the Kafka event transport"), outcome.err());
  }

  @Test
  void aClusteredNodeWithoutMembersToJoinRefusesToStart() {
    var outcome = run(Map.of("SHOPIFYGENIE_EVENTS", "kafka", "SHOPIFYGENIE_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
      "run", "--verticles", "gateway", "--cluster");
    assertEquals(2, outcome.code(), outcome.err());
    assertTrue(outcome.err().contains("cluster.members"), outcome.err());
  }

  @Test
  void migrateCreatesAndMigratesEveryDomainsDatabaseThenExits() {
    var prefix = TestDatabase.freshPrefix();
    var outcome = run(Map.of("SHOPIFYGENIE_DB_URL", TestDatabase.url(), "SHOPIFYGENIE_DB_PREFIX", prefix), "migrate");
    assertEquals(0, outcome.code(), outcome.err());
    for (var domain : List.of("auth", "catalog", "orders", "customers", "accounting", "analytics")) {
      assertTrue(outcome.out().contains("migrated " + prefix + domain), outcome.out());
    }
    // a second run finds nothing to do and says the same
    assertEquals(0, run(Map.of("SHOPIFYGENIE_DB_URL", TestDatabase.url(), "SHOPIFYGENIE_DB_PREFIX", prefix), "migrate").code());
  }

  @Test
  void migrateWithoutADatabaseServerIsOneLineAndExitCode2() {
    var outcome = run("migrate");
    assertEquals(2, outcome.code());
    assertTrue(outcome.err().contains("SHOPIFYGENIE_DB_URL"), outcome.err());
  }

  @Test
  void anHttpPortInUseIsOneLineAndExitCode2() throws Exception {
    try (var taken = new java.net.ServerSocket(0)) {
      var dataDir = Files.createTempDirectory(Path.of(System.getProperty("shopifygenie.test.dir", "target")), "port-");
      var outcome = run(Map.of("SHOPIFYGENIE_HTTP_PORT", String.valueOf(taken.getLocalPort()),
        "SHOPIFYGENIE_DATA_DIR", dataDir.toString()), "run", "--verticles", "gateway");
      assertEquals(2, outcome.code(), outcome.err());
      assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
      assertTrue(outcome.err().contains("http.port " + taken.getLocalPort()), outcome.err());
    }
  }

  @Test
  void keysWritesOneSigningKeyPairAndKeepsIt() throws Exception {
    var dataDir = Files.createTempDirectory(Path.of(System.getProperty("shopifygenie.test.dir", "target")), "keys-");
    var first = run(Map.of("SHOPIFYGENIE_DATA_DIR", dataDir.toString()), "keys");
    assertEquals(0, first.code(), first.err());
    var files = first.out().strip().lines().toList();
    assertEquals(2, files.size(), first.out());
    var privateKey = Files.readString(Path.of(files.get(0)));
    assertTrue(privateKey.startsWith("-----BEGIN PRIVATE KEY-----"), privateKey);
    // the private key is its owner's alone
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
      Files.getPosixFilePermissions(Path.of(files.get(0)))));
    assertTrue(Files.readString(Path.of(files.get(1))).startsWith("-----BEGIN PUBLIC KEY-----"));
    // a second run hands out the same pair: nodes given these files keep verifying each other's tokens
    var second = run(Map.of("SHOPIFYGENIE_DATA_DIR", dataDir.toString()), "keys");
    assertEquals(first.out(), second.out());
    assertEquals(privateKey, Files.readString(Path.of(files.get(0))));
  }
}
