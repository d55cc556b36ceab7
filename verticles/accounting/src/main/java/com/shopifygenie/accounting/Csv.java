package com.shopifygenie.accounting;

import java.util.List;
import java.util.stream.Collectors;

/** RFC 4180 text: a header row, then records, each line ended by CRLF. */
final class Csv {

  private final StringBuilder text = new StringBuilder();

  Csv(String... header) {
    row((Object[]) header);
  }

  Csv row(Object... fields) {
    text.append(List.of(fields).stream().map(Csv::field).collect(Collectors.joining(","))).append("\r\n");
    return this;
  }

  /** A field is quoted when it holds a comma, a quote or a line break; a quote inside is doubled. */
  static String field(Object value) {
    var text = value == null ? "" : String.valueOf(value);
    return text.matches("(?s).*[\",\r\n].*") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
