package com.shopifygenie.platform;

/**
 * Settings a node cannot start with, said in one line that names the setting to change. The
 * launcher prints the message alone and exits with code 2, as for a bad command line: the fix is
 * the operator's, and a stack trace would hide it.
 */
public final class InvalidSettings extends RuntimeException {

  public InvalidSettings(String message) {
    super(message, null, false, false);
  }

  /** The first InvalidSettings among a failure and its causes, or null. */
  public static InvalidSettings in(Throwable failure) {
    for (var cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof InvalidSettings invalid) {
        return invalid;
      }
    }
    return null;
  }
}
