package com.shopifygenie.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a keyset-paginated list as the contracts shape it: {items, next_cursor}. Stores
 * fetch one row more than the limit; that row's presence says whether another page follows.
 */
public final class Page {

  private Page() {}

  public static <T> JsonObject of(List<T> fetched, int limit, Function<T, JsonObject> toJson, Function<T, String> cursorOf) {
    var page = fetched.subList(0, Math.min(limit, fetched.size()));
    var items = new JsonArray();
    page.forEach(item -> items.add(toJson.apply(item)));
    var next = fetched.size() > limit ? cursorOf.apply(page.get(page.size() - 1)) : null;
    return new JsonObject().put("items", items).put("next_cursor", next);
  }
}
