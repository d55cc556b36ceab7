package com.shopifygenie.accounting;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvTest {

  @Test
  void textAFormulaCouldStartWithIsDefused() {
    assertEquals("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", Csv.field("=HYPERLINK(\"http://x\",\"y\")"));
    assertEquals("'+1", Csv.field("+1"));
    assertEquals("'-2", Csv.field("-2"));
    assertEquals("'@SUM(A1)", Csv.field("@SUM(A1)"));
    assertEquals("\"'\r\"", Csv.field("\r"));
  }

  @Test
  void numbersAndPlainTextStayAsTheyAre() {
    assertEquals("-1500", Csv.field(-1500L));
    assertEquals("Cash", Csv.field("Cash"));
    assertEquals("\"a, b\"", Csv.field("a, b"));
    assertEquals("", Csv.field(null));
  }
}
