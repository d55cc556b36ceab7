package com.shopifygenie.platform;

import java.net.BindException;

/** Whether a failure to listen was a port another process holds, however the transport says it. */
public final class PortInUse {

  private PortInUse() {}

  public static boolean is(Throwable failure) {
    for (var cause = failure; cause != null; cause = cause.getCause()) {
      // NIO throws BindException; Netty's native transports an IOException of their own with the errno's text
      if (cause instanceof BindException || String.valueOf(cause.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }
}
