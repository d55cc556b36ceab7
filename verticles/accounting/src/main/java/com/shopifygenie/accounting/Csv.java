package com.shopifygenie.accounting;

import java.util.List;
import java.util.stream.Collectors;

/** RFC 4180 text: a header row, then records, each line ended by CRLF. */
final class Csv {

  /** What a spreadsheet takes as the start of a formula. */
  private static final String FORMULA_STARTS = "=+-@\t\r";

  private final StringBuilder text = new StringBuilder();

  Csv(String... header) {
    row((Object[]) header);
  }

  Csv row(Object... fields) {
    text.append(List.of(fields).stream().map(Csv::field).collect(Collectors.joining(","))).append("\r\n");
    return this;
  }

  /**
   * A field is quoted when it holds a comma, a quote or a line break; a quote inside is doubled.
   * Text that a spreadsheet would read as a formula (a staff-named account {@code =HYPERLINK(...)})
   * gets a leading apostrophe, as OWASP advises for CSV exports; numbers stay as they are.
   */
  static String field(Object value) {
    var text = value == null ? "" : String.valueOf(value);
    if (value instanceof CharSequence && !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    return text.matches("(?s).*[\",\r\n].*") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
