package com.shopifygenie.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedDatabase start(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      return new EmbeddedDatabase(EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setRegisterShutdownHook(false)
        .setServerConfig("max_connections", "300")
        .setServerConfig("fsync", "on")
        .start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
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
    }
  }
}
