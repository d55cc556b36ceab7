package com.shopifygenie.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A PostgreSQL server run from the binaries in the jar, for dev mode and tests when no server
 * is configured. Its data stays in the directory given, so a dev installation survives restarts.
 * Starting and stopping block: call them outside event loops.
 *
 * <p>Whoever starts it stops it, after closing every pool and connection to it: the library's own
 * shutdown hook would stop the server while they are still open (PostgreSQL then logs
 * "FATAL: terminating connection due to administrator command"), so it is not registered.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  /** How long a server left running by a killed JVM gets to stop. */
  private static final long ORPHAN_STOP_SECONDS = 30;

  private final EmbeddedPostgres postgres;
  private final FileChannel lockFile;

  private EmbeddedDatabase(EmbeddedPostgres postgres, FileChannel lockFile) {
    this.postgres = postgres;
    this.lockFile = lockFile;
  }

  /** A server whose commits are answered once they are on disk (the library's default answers before). */
  public static EmbeddedDatabase start(Path dataDir) {
    return start(dataDir, true);
  }

  /**
   * A throwaway server for tests: a commit may be answered before it is on disk, which loses it only
   * if PostgreSQL itself crashes (never a test's kill of a JVM) and spares a disk flush per commit.
   */
  public static EmbeddedDatabase startThrowaway(Path dataDir) {
    return start(dataDir, false);
  }

  private static EmbeddedDatabase start(Path dataDir, boolean durable) {
    FileChannel lockFile = null;
    try {
      Files.createDirectories(dataDir);
      lockFile = lock(dataDir);
      stopOrphan(dataDir);
      return new EmbeddedDatabase(EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setRegisterShutdownHook(false)
        .setServerConfig("max_connections", "300")
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", durable ? "on" : "off")
        .start(), lockFile);
    } catch (IOException e) {
      closeQuietly(lockFile);
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
    } catch (RuntimeException e) {
      closeQuietly(lockFile);
      throw e;
    }
  }

  /**
   * The directory's lock, held while this JVM runs its server; the kernel lets go of it when the
   * JVM dies, however it dies. It sits beside the directory: initdb wants the directory empty.
   */
  private static FileChannel lock(Path dataDir) throws IOException {
    var path = dataDir.resolveSibling(dataDir.getFileName() + ".lock");
    var channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      if (channel.tryLock() == null) {
        throw new IllegalStateException("another process runs the embedded PostgreSQL in " + dataDir);
      }
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return channel;
  }

  /**
   * A server still running in the directory although no JVM holds its lock was left by one that was
   * killed (kill -9 runs no shutdown hook, and the server is not the JVM's child): it is stopped, as
   * its clients died with that JVM, so this start can take the directory instead of failing.
   */
  private static void stopOrphan(Path dataDir) throws IOException {
    var pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    long pid;
    try (var lines = Files.lines(pidFile)) {
      pid = Long.parseLong(lines.findFirst().orElse("").strip());
    } catch (NumberFormatException unreadable) {
      return; // PostgreSQL judges a pid file it cannot use by itself
    }
    var server = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
      .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    if (server.isEmpty()) {
      return;
    }
    server.get().destroy(); // SIGTERM: PostgreSQL's smart shutdown, which has no client left to wait for
    try {
      server.get().onExit().get(ORPHAN_STOP_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the PostgreSQL left running in " + dataDir + " (pid " + pid + ") did not stop", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the PostgreSQL left running in " + dataDir + " stopped", e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the lock goes with the process anyway
      }
    }
  }

  /** The server as SHOPIFYGENIE_DB_URL would name it. */
  public String url() {
    return "postgresql://postgres:postgres@127.0.0.1:" + postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      closeQuietly(lockFile);
    }
  }
}
