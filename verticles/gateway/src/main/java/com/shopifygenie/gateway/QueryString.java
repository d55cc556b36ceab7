package com.shopifygenie.gateway;

import com.shopifygenie.platform.Problem;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A query string read strictly, each name and value percent-decoded once as UTF-8, '+' as a space
 * (application/x-www-form-urlencoded). Netty's decoder keeps a malformed escape as text and turns
 * broken UTF-8 into U+FFFD; here either is refused for a parameter the operation reads, naming it,
 * as nothing but the client could say what it meant. So is a parameter given twice: every one the
 * shop reads takes one value, and which of two counts is as ambiguous as two Authorization
 * headers (a proxy or a log in front may go by the other).
 */
final class QueryString {

  private final Map<String, String> firstRaw;
  private final Set<String> repeated;

  private QueryString(Map<String, String> firstRaw, Set<String> repeated) {
    this.firstRaw = firstRaw;
    this.repeated = repeated;
  }

  static QueryString parse(String rawQuery) {
    var firstRaw = new HashMap<String, String>();
    var repeated = new HashSet<String>();
    if (rawQuery != null) {
      for (var pair : rawQuery.split("&")) {
        var equals = pair.indexOf('=');
        // a name that cannot be decoded cannot be one the contract declares
        decode(equals < 0 ? pair : pair.substring(0, equals)).ifPresent(name -> {
          if (firstRaw.putIfAbsent(name, equals < 0 ? "" : pair.substring(equals + 1)) != null) {
            repeated.add(name);
          }
        });
      }
    }
    return new QueryString(firstRaw, repeated);
  }

  /**
   * The value of a parameter, or null.
   *
   * @throws Problem naming the parameter when its value is not percent-encoded UTF-8, or when it
   *   was given more than once
   */
  String get(String name) {
    if (repeated.contains(name)) {
      throw Problem.validation("query." + name, "single", "Give " + name + " once: this query has it more than once");
    }
    var raw = firstRaw.get(name);
    return raw == null ? null : decode(raw).orElseThrow(() -> malformed(name));
  }

  private static Optional<String> decode(String encoded) {
    var bytes = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      var c = encoded.charAt(i);
      if (c == '%') {
        if (i + 2 >= encoded.length() || Character.digit(encoded.charAt(i + 1), 16) < 0
          || Character.digit(encoded.charAt(i + 2), 16) < 0) {
          return Optional.empty();
        }
        bytes.write(Character.digit(encoded.charAt(i + 1), 16) * 16 + Character.digit(encoded.charAt(i + 2), 16));
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else if (c <= 0xFF) {
        bytes.write(c); // the request line reaches us one char per byte: these are the bytes sent
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static Problem malformed(String name) {
    return Problem.validation("query." + name, "encoding", "Not percent-encoded UTF-8");
  }
}
