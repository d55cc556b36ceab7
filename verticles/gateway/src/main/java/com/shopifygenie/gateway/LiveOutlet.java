package com.shopifygenie.gateway;

import io.vertx.core.json.JsonObject;

/** How one connection carries a live feed: Server-Sent Events or WebSocket. */
interface LiveOutlet {

  /** An event the client may see: its id, its type without the "shopifygenie." prefix, its CloudEvents JSON text. */
  void event(String id, String type, String cloudEvent);

  /** Events after the client's last one may be missing; without an id, so the client's last id stays. */
  void gap(JsonObject announcement);

  /** Keeps an idle connection alive through proxies and idle timeouts. */
  void heartbeat();

  /** Tells the client why, then ends the feed. */
  void end(LiveEnding why);

  /**
   * Ends the feed of a client that stopped reading: it is told why, though the message may not
   * reach it past the bytes still waiting, and its connection is closed rather than drained.
   */
  void cutOff(LiveEnding why);

  /** More bytes wait for the client than its queue may hold. */
  boolean full();

  /** How many bytes may wait for the client before it is {@link #full}. */
  void limitQueue(int bytes);

  /** Runs once, when a full queue has drained to half its size. */
  void whenDrained(Runnable then);

  boolean open();
}
