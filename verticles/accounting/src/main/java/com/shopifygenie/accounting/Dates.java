package com.shopifygenie.accounting;

import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.Problem;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The days of the books: UTC calendar days, yyyy-mm-dd on the wire. */
final class Dates {

  private Dates() {}

  static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }

  /** A date of the body, or the fallback when absent; one the contract's format lets through and the calendar has not (Feb 30) is a 400. */
  static LocalDate body(String value, String field, LocalDate fallback) {
    try {
      return value == null ? fallback : LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw Problem.validation(field, "format", value + " is no day of the calendar (yyyy-mm-dd)");
    }
  }

  /** A date query parameter, or the fallback when absent; what java.time cannot read is a 400 naming it. */
  static LocalDate query(OperationRequest req, String name, LocalDate fallback) {
    var value = req.query().getString(name);
    try {
      return value == null ? fallback : LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw Problem.validation("query." + name, "format", name + " must be a date such as 2026-01-31");
    }
  }
}
