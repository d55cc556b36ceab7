package com.shopifygenie.gateway;

/**
 * Why the server ends a live feed: the reason the client is told (an SSE {@code end} event, a
 * WebSocket close frame's reason) and the WebSocket close code. Codes 4xxx follow the HTTP status
 * they stand for (4401 as 401), as graphql-ws does; reasons fit the 123 bytes of a close frame.
 */
record LiveEnding(short code, String reason) {

  /** RFC 6455 §7.4.1: the endpoint is going away. */
  static final LiveEnding SHUTTING_DOWN = new LiveEnding((short) 1001, "the server is shutting down");
  static final LiveEnding TOKEN_EXPIRED = new LiveEnding((short) 4401,
    "the access token expired, or its account's role or status changed; reconnect with a fresh one");
  static final LiveEnding TOKEN_INVALID = new LiveEnding((short) 4401, "the access token is invalid or expired");
  static final LiveEnding MALFORMED_AUTH = new LiveEnding((short) 4400,
    "the first message must be {\"type\":\"auth\",\"access_token\":\"...\"}");

  static LiveEnding noAuthWithin(long ms) {
    return new LiveEnding((short) 4408, "no auth message within " + ms / 1000.0 + " s");
  }

  /** RFC 6455 §7.4.1: 1008, a policy violation; the client reconnects with its last event id. */
  static LiveEnding fellBehind(int queueBytes) {
    return new LiveEnding((short) 1008, "the client fell behind the events by more than " + queueBytes
      + " bytes; reconnect with the last event id");
  }

  /** 1008 as {@link #fellBehind}, for a client that stopped reading its replay. */
  static LiveEnding fellBehindReplay(int events) {
    return new LiveEnding((short) 1008, "the client fell behind by more than the " + events
      + " events kept for replays; reconnect with the last event id");
  }

  static LiveEnding tooMany(String detail) {
    return new LiveEnding((short) 4429, detail);
  }
}
