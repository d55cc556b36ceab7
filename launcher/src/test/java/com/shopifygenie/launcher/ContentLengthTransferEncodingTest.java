package com.shopifygenie.launcher;

import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 9112 §6.1 and §6.3: a request whose length is ambiguous (Content-Length with
 * Transfer-Encoding, or a Transfer-Encoding that does not end in chunked) is answered 400 and its
 * connection closed, so a request smuggled behind it in the same bytes is never answered. So is a
 * chunked body that breaks the chunked coding (RFC 9112 §7.1).
 */
@ExtendWith(VertxExtension.class)
class ContentLengthTransferEncodingTest {

  static final String SMUGGLED = "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n";

  static TestSystem system;

  @BeforeAll
  static void start(Vertx vertx) {
    system = TestSystem.create(vertx).deploy(GatewayVerticle::new);
  }

  @AfterAll
  static void stop() {
    system.stop();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked",
    "HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5",
    "HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\nContent-Length: 5",
    "HTTP/1.0\r\nContent-Length: 5\r\nTransfer-Encoding: chunked",
    "HTTP/1.1\r\nTransfer-Encoding: chunked, identity",
    "HTTP/1.0\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive"})
  void anAmbiguousLengthIsRefusedAndNothingBehindItIsAnswered(String versionAndFraming) {
    try (var client = new RawHttp(system.port())) {
      client.send("POST /auth/login " + versionAndFraming + "\r\nHost: localhost\r\n"
        + "Content-Type: application/json\r\n\r\n0\r\n\r\n" + SMUGGLED);
      // the server closes the connection: the smuggled request is never answered
      var received = client.untilClosed();
      assertEquals(List.of(400), RawHttp.statuses(received), received);
      var answer = RawHttp.responses(received).get(0);
      assertEquals("application/problem+json", answer.header("Content-Type"), received);
      if (versionAndFraming.startsWith("HTTP/1.1")) {
        // to an HTTP/1.0 keep-alive request Vert.x always says keep-alive; the close is what counts
        assertEquals("close", answer.header("Connection"), received);
      }
      var error = new JsonObject(answer.body()).getJsonArray("errors").getJsonObject(0);
      assertEquals("header.Transfer-Encoding", error.getString("field"), received);
      assertEquals("framing", error.getString("rule"), received);
    }
  }

  /**
   * Netty undoes chunked alone: a body said to be gzip (or chunked twice) under it was read as if
   * it were not, where a proxy in front may have read it otherwise.
   */
  @ParameterizedTest
  @ValueSource(strings = {"gzip, chunked", "deflate, chunked", "foo, chunked", "chunked, chunked",
    "chunked\r\nTransfer-Encoding: chunked"})
  void aTransferCodingOtherThanChunkedAloneIsRefused(String codings) {
    try (var client = new RawHttp(system.port())) {
      client.send("POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: " + codings + "\r\n\r\n2\r\n{}\r\n0\r\n\r\n" + SMUGGLED);
      var received = client.untilClosed();
      assertEquals(List.of(400), RawHttp.statuses(received), received);
      var error = new JsonObject(RawHttp.responses(received).get(0).body()).getJsonArray("errors").getJsonObject(0);
      assertEquals("header.Transfer-Encoding", error.getString("field"), received);
      assertEquals("chunked", error.getString("rule"), received);
    }
  }

  /** RFC 9112 §3.2 and §5.1: a request line or a header line no parser may read two ways. */
  @ParameterizedTest
  @ValueSource(strings = {"GET /he\u0001alth HTTP/1.1\r\nHost: localhost", "GET /health\u007f HTTP/1.1\r\nHost: localhost",
    "GET /h\u00c3\u00a9alth HTTP/1.1\r\nHost: localhost", "GET /health#top HTTP/1.1\r\nHost: localhost",
    "GET /health HTTP/1.1\r\nHost: localhost\r\n: empty", "GET /health HTTP/1.1\r\nHost: localhost\r\n:authority: evil"})
  void aRequestLineOrHeaderOutsideTheSyntaxIsRefused(String head) {
    try (var client = new RawHttp(system.port())) {
      client.send(head + "\r\n\r\n" + SMUGGLED);
      var received = client.untilClosed();
      assertEquals(List.of(400), RawHttp.statuses(received), received);
      var answer = RawHttp.responses(received).get(0);
      assertEquals("application/problem+json", answer.header("Content-Type"), received);
      var error = new JsonObject(answer.body()).getJsonArray("errors").getJsonObject(0);
      assertEquals("request", error.getString("field"), received);
      assertEquals("syntax", error.getString("rule"), received);
    }
  }

  /** A Content-Length or Host the parser cannot read is answered naming that header. */
  @ParameterizedTest
  @ValueSource(strings = {
    "Content-Length: abc|header.Content-Length|integer",
    "Content-Length: -2|header.Content-Length|integer",
    "Content-Length: +2|header.Content-Length|integer",
    "Content-Length: 2, 2|header.Content-Length|integer",
    "Content-Length: 99999999999999999999|header.Content-Length|integer",
    "Content-Length: 2\r\nContent-Length: 2|header.Content-Length|single",
    "Content-Length: 2\r\nContent-Length: 3|header.Content-Length|single",
    "Content-Length: 2\r\nHost: a b|header.Host|syntax",
    "Content-Length: 2\r\nHost: localhost:http|header.Host|syntax"})
  void anUnreadableLengthOrHostIsRefusedNamingIt(String caseText) {
    var parts = caseText.split("\\|");
    var headers = parts[0].replace("\\r\\n", "\r\n");
    var host = headers.contains("Host:") ? "" : "Host: localhost\r\n";
    try (var client = new RawHttp(system.port())) {
      client.send("POST /auth/login HTTP/1.1\r\n" + host + "Content-Type: application/json\r\n" + headers
        + "\r\n\r\n{}" + SMUGGLED);
      var received = client.untilClosed();
      assertEquals(List.of(400), RawHttp.statuses(received), received);
      var answer = RawHttp.responses(received).get(0);
      assertEquals("application/problem+json", answer.header("Content-Type"), received);
      var error = new JsonObject(answer.body()).getJsonArray("errors").getJsonObject(0);
      assertEquals(parts[1], error.getString("field"), received);
      assertEquals(parts[2], error.getString("rule"), received);
    }
  }

  /**
   * RFC 9112 §9.6: a client that ends its side once its requests are sent still gets their answers
   * (they ran), then the connection closes; one that ends it idle is closed at once.
   */
  @Test
  void aClientThatEndsItsSideAfterItsRequestsGetsTheirAnswers() {
    try (var client = new RawHttp(system.port())) {
      client.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
        + "POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
      client.halfClose();
      var received = client.untilClosed();
      assertEquals(List.of(200, 400), RawHttp.statuses(received), received);
    }
    try (var idle = new RawHttp(system.port())) {
      idle.halfClose();
      assertEquals("", idle.untilClosed());
    }
  }

  /**
   * Input that ends inside a request line or a body (fewer bytes than Content-Length, a chunk cut
   * short, no last chunk) is a 400 at once: Netty said nothing, and the request waited out its
   * deadline for a 408.
   */
  @ParameterizedTest
  @ValueSource(strings = {
    "POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\":|body",
    "POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n|body",
    "POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"em|body",
    "POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n|body",
    "GET /hea|request"})
  void inputThatEndsInsideARequestIsRefusedAtOnce(String caseText) {
    var parts = caseText.split("\\|");
    try (var client = new RawHttp(system.port())) {
      client.send(parts[0].replace("\\r\\n", "\r\n"));
      client.halfClose();
      var started = System.nanoTime();
      var received = client.untilClosed();
      assertTrue(System.nanoTime() - started < 10_000_000_000L, "answered at once, not at the request's deadline");
      assertEquals(List.of(400), RawHttp.statuses(received), received);
      var error = new JsonObject(RawHttp.responses(received).get(0).body()).getJsonArray("errors").getJsonObject(0);
      assertEquals(parts[1], error.getString("field"), received);
    }
  }

  static final String CHUNKED = "POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
    + "Transfer-Encoding: chunked\r\n\r\n";

  @ParameterizedTest
  @ValueSource(strings = {
    "zz\r\n{}\r\n0\r\n\r\n",
    "2\r\n{}\r\nzz\r\n",
    "-2\r\n{}\r\n0\r\n\r\n",
    "fffffffffffffffffffff\r\n{}\r\n0\r\n\r\n",
    "2\r\n{}XX0\r\n\r\n"})
  void aMalformedChunkedBodyIsRefusedAndNothingBehindItIsAnswered(String body) {
    try (var client = new RawHttp(system.port())) {
      client.send(CHUNKED + body + SMUGGLED);
      assertMalformedChunks(client.untilClosed());
    }
  }

  @Test
  void aChunkedBodyThatBreaksAfterItsRequestWasTakenIsRefused() throws InterruptedException {
    try (var client = new RawHttp(system.port())) {
      client.send(CHUNKED + "1\r\n{\r\n");
      Thread.sleep(200); // the request is routed and waits for the rest of its body
      client.send("zz\r\n}\r\n0\r\n\r\n" + SMUGGLED);
      assertMalformedChunks(client.untilClosed());
    }
  }

  static void assertMalformedChunks(String received) {
    assertEquals(List.of(400), RawHttp.statuses(received), received);
    var answer = RawHttp.responses(received).get(0);
    assertEquals("application/problem+json", answer.header("Content-Type"), received);
    assertEquals("close", answer.header("Connection"), received);
    var error = new JsonObject(answer.body()).getJsonArray("errors").getJsonObject(0);
    assertEquals("body", error.getString("field"), received);
    assertEquals("chunked", error.getString("rule"), received);
  }
}
