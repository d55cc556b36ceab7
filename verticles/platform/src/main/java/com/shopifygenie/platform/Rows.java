package com.shopifygenie.platform;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Result rows into a store's values, the same way in every store. */
public final class Rows {

  private Rows() {}

  /** The first row, mapped; empty when there is none. */
  public static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> map) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(map.apply(it.next())) : Optional.empty();
  }

  /** Every row, mapped, in the order the query returned them. */
  public static <T> List<T> all(RowSet<Row> rows, Function<Row, T> map) {
    var all = new ArrayList<T>(rows.size());
    rows.forEach(row -> all.add(map.apply(row)));
    return all;
  }
}
