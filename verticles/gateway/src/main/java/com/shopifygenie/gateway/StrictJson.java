package com.shopifygenie.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.shopifygenie.platform.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request body read as RFC 8259 JSON and nothing else, in one pass of Jackson's streaming
 * parser, into the values Vert.x's own reading makes (a JsonObject or JsonArray around maps,
 * lists, strings, numbers, booleans and nulls). Vert.x's reading takes comments and keeps the last
 * of two members with the same name; a proxy, a log or a signature check in front that reads the
 * same bytes another way (the first of the two, or the comment as text) would see another request
 * than the one carried out. So a duplicate name is refused naming it (rule duplicate-key), and so
 * is whatever RFC 8259 does not allow, which Jackson refuses by default (comments, NaN and
 * Infinity, leading zeros, single quotes, unquoted names, trailing commas, anything after the
 * value; rule json), a number past what a double holds, which would be read as Infinity, and one
 * whose fraction a double cannot hold, which would be read as a whole number (rule precision).
 */
final class StrictJson {

  /**
   * Nesting this deep is more than any contract's body has (four levels at most): the values are
   * read, validated and copied by recursion, and a body of a thousand levels (Jackson's own limit)
   * overflowed an event loop's stack when it was deep in a call already, a 500 instead of a 400.
   */
  static final int MAX_NESTING = 64;
  /** Jackson's defaults are RFC 8259: no comments, no NaN, no single quotes, no trailing commas. */
  private static final JsonFactory FACTORY = JsonFactory.builder()
    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build()).build();

  private StrictJson() {}

  /** The body's value; a Problem naming the body, or the member at fault, when it is not RFC 8259 JSON. */
  static Object parse(Buffer body) {
    try (var parser = FACTORY.createParser(utf8(body.getBytes()))) {
      parser.nextToken();
      var value = value(parser);
      if (parser.nextToken() != null) {
        throw notJson("only whitespace may follow the JSON value");
      }
      return value instanceof Map<?, ?> object ? new JsonObject(cast(object))
        : value instanceof List<?> array ? new JsonArray(array) : value;
    } catch (StreamReadException e) {
      var at = e.getLocation();
      throw notJson(e.getOriginalMessage()
        + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    } catch (IOException e) {
      throw notJson(e.getMessage());
    }
  }

  /**
   * The text of a body in UTF-8, as RFC 8259 §8.1 has JSON exchanged: Jackson would also read
   * UTF-16 and UTF-32, told by their zero bytes, which another reader of the same bytes would not.
   */
  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw notJson("the body is not UTF-8 (RFC 8259 §8.1)");
    }
  }

  private static Object value(JsonParser parser) throws IOException {
    switch (parser.currentTokenId()) {
      case JsonTokenId.ID_START_OBJECT:
        return object(parser);
      case JsonTokenId.ID_START_ARRAY:
        return array(parser);
      case JsonTokenId.ID_STRING:
        return parser.getText();
      case JsonTokenId.ID_NUMBER_INT:
        return parser.getNumberValue();
      case JsonTokenId.ID_NUMBER_FLOAT:
        var number = parser.getNumberValue();
        if (number instanceof Double d && d.isInfinite()) {
          throw Problem.validation(pointer(parser), "json",
            "A number past what a double holds (RFC 8259 §6): it would be read as Infinity");
        }
        if (number instanceof Double d && d == Math.rint(d)) {
          // 2.9999999999999999 is read as the double 3.0, which passes for an integer: a fraction
          // lost that way would have a quantity rounded, not refused
          var exact = parser.getDecimalValue().stripTrailingZeros();
          if (exact.scale() > 0) {
            throw Problem.validation(pointer(parser), "precision", "A number with more digits than a double holds "
              + "(RFC 8259 §6): " + parser.getText() + " has a fraction, and it would be read as " + d);
          }
          // 100.0 and 1e2 are the integer 100 (JSON Schema: a number whose fraction is zero), for
          // an int64 field as for any integer one: as a double it would fail the format
          return integer(exact.toBigIntegerExact());
        }
        return number;
      case JsonTokenId.ID_TRUE:
        return Boolean.TRUE;
      case JsonTokenId.ID_FALSE:
        return Boolean.FALSE;
      case JsonTokenId.ID_NULL:
        return null;
      default:
        throw notJson("a JSON value was expected");
    }
  }

  private static Map<String, Object> object(JsonParser parser) throws IOException {
    var members = new LinkedHashMap<String, Object>();
    for (var name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
      if (members.containsKey(name)) {
        throw Problem.validation(pointer(parser), "duplicate-key",
          "The name \"" + name + "\" appears twice in one object: which one counts depends on who reads it");
      }
      parser.nextToken();
      members.put(name, value(parser));
    }
    return members;
  }

  private static List<Object> array(JsonParser parser) throws IOException {
    var items = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      items.add(value(parser));
    }
    return items;
  }

  /** The integer as the parser reads one written without a fraction: the narrowest of Integer, Long, BigInteger. */
  private static Number integer(BigInteger whole) {
    return whole.bitLength() < Integer.SIZE ? Integer.valueOf(whole.intValue())
      : whole.bitLength() < Long.SIZE ? Long.valueOf(whole.longValue()) : whole;
  }

  /** Where the parser is, as a JSON pointer into the body ("/lines/1/quantity"), as validation names fields. */
  private static String pointer(JsonParser parser) {
    var pointer = parser.getParsingContext().pathAsPointer().toString();
    return pointer.isEmpty() ? "/" : pointer;
  }

  private static Problem notJson(String why) {
    return Problem.validation("body", "json", "The body is not JSON (RFC 8259): " + why);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> object) {
    return (Map<String, Object>) object;
  }
}
