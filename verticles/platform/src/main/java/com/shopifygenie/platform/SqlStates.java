package com.shopifygenie.platform;

import io.vertx.pgclient.PgException;

/** PostgreSQL error codes the stores give a meaning to. */
public final class SqlStates {

  private SqlStates() {}

  /** A UNIQUE constraint refused the row (23505): the thing exists already. */
  public static boolean isUniqueViolation(Throwable failure) {
    return failure instanceof PgException pg && "23505".equals(pg.getSqlState());
  }
}
