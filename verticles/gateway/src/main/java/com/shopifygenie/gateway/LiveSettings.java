package com.shopifygenie.gateway;

import com.shopifygenie.platform.InvalidSettings;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * How the live feeds of a node behave, from the {@code live} section of the settings; the same
 * for Server-Sent Events and WebSocket.
 *
 * @param heartbeatMs     how often idle feeds get a heartbeat (an SSE comment, a WebSocket ping),
 *                        kept alive through proxies and idle timeouts; each also checks the feed's
 *                        access token again
 * @param queueBytes      how many bytes may wait in the server for one client before it is cut off
 * @param sendBufferBytes the kernel's send buffer of a live connection: without a cap the kernel
 *                        grows it to megabytes, which a stalled client would pin before its queue
 *                        even starts to fill
 * @param authMs          how long a WebSocket opened without an Authorization header has to send
 *                        its auth message
 */
record LiveSettings(long heartbeatMs, int queueBytes, int sendBufferBytes, long authMs) {

  static LiveSettings from(JsonObject live) {
    var settings = new LiveSettings(TimeUnit.SECONDS.toMillis(live.getInteger("heartbeat_seconds", 15)),
      live.getInteger("queue_bytes", 262_144), live.getInteger("send_buffer_bytes", 65_536),
      TimeUnit.SECONDS.toMillis(live.getInteger("auth_seconds", 5)));
    if (settings.heartbeatMs < 1 || settings.queueBytes < 1 || settings.sendBufferBytes < 1 || settings.authMs < 1) {
      throw new InvalidSettings("live.heartbeat_seconds, queue_bytes, send_buffer_bytes and auth_seconds must be"
        + " positive");
    }
    return settings;
  }
}
