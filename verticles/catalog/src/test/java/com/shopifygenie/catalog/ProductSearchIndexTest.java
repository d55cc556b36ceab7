package com.shopifygenie.catalog;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The search reads the trigram indexes instead of every row: on a table large enough that a
 * scan costs more, PostgreSQL plans the store's own query through them.
 */
@ExtendWith(VertxExtension.class)
class ProductSearchIndexTest {

  static CatalogSystem catalog;

  @BeforeAll
  static void start(Vertx vertx) {
    catalog = CatalogSystem.start(vertx);
    catalog.rows("INSERT INTO products (id, sku, title, currency, price_amount, cost_amount, status, created_at)"
      + " SELECT gen_random_uuid(), 'GEN-' || n, (ARRAY['Oak', 'Walnut', 'Linen', 'Steel'])[1 + n % 4]"
      + " || ' ' || (ARRAY['chair', 'lamp', 'table', 'shelf', 'rug'])[1 + n % 5] || ' ' || md5(n::text),"
      + " 'USD', 1999, 800, 'active', now() - make_interval(secs => 30000 - n)"
      + " FROM generate_series(1, 30000) AS n RETURNING 1");
    catalog.rows("INSERT INTO products (id, sku, title, currency, price_amount, cost_amount, status)"
      + " VALUES (gen_random_uuid(), 'NEEDLE-7', 'Brass porthole mirror', 'USD', 1999, 800, 'active') RETURNING 1");
    // what autovacuum does after a bulk load: ANALYZE for the rows' statistics, VACUUM for the
    // GIN indexes' own (without them the planner overestimates an index scan's cost)
    catalog.db.query("VACUUM ANALYZE products").execute().await();
  }

  @AfterAll
  static void stop() {
    catalog.stop();
  }

  @Test
  void aSearchForATitleWordReadsTheTitleTrigramIndex() {
    var plan = plan("porthole");
    assertTrue(plan.contains("products_title_trigrams"), plan);
    var found = catalog.send(HttpMethod.GET, "/products?q=PORTHOLE", null, catalog.staff, Map.of()).json();
    assertEquals("NEEDLE-7", found.getJsonArray("items").getJsonObject(0).getString("sku"));
    assertEquals(1, found.getJsonArray("items").size());
  }

  @Test
  void aSearchForAPieceOfSkuReadsTheSkuTrigramIndex() {
    var plan = plan("edle-7");
    assertTrue(plan.contains("products_sku_trigrams"), plan);
  }

  /** The plan PostgreSQL makes for the store's query with this text, as staff's first page asks it. */
  static String plan(String text) {
    var rows = catalog.rows("EXPLAIN (FORMAT JSON) " + ProductStore.SEARCH, ProductStore.containing(text), null, false,
      null, null, 21, java.time.OffsetDateTime.now());
    return ((JsonArray) rows.get(0).getValue(0)).encodePrettily();
  }
}
