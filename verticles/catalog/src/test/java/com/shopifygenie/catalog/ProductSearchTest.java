package com.shopifygenie.catalog;

import com.shopifygenie.testkit.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.catalog.CatalogSystem.newProduct;
import static com.shopifygenie.catalog.CatalogSystem.newSku;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /products?q=: substring search of title and sku, through the trigram indexes. */
@ExtendWith(VertxExtension.class)
class ProductSearchTest {

  static CatalogSystem catalog;

  @BeforeAll
  static void start(Vertx vertx) {
    catalog = CatalogSystem.start(vertx);
  }

  @AfterAll
  static void stop() {
    catalog.stop();
  }

  @Test
  void searchFindsSubstringsOfTitleAndSkuInAnyCase() {
    var word = marker();
    var titled = catalog.createProduct(newProduct(newSku()).put("title", "Walnut " + word + " Side Table"));
    var sku = "Qx" + word + "-Z";
    var skued = catalog.createProduct(newProduct(sku));

    assertEquals(List.of(titled.getString("id")), ids(search("nUT " + word.toUpperCase() + " sIDe", 100)));
    assertEquals(List.of(skued.getString("id")), ids(search("x" + word.toLowerCase() + "-z", 100)));
    assertEquals(List.of(titled.getString("id"), skued.getString("id")), ids(search(word.toLowerCase(), 100)),
      "a text in one product's title and another's sku finds both, oldest first");
    assertEquals(List.of(), ids(search(word + "-nothing", 100)));
  }

  @Test
  void percentUnderscoreAndBackslashInTheTextAreTakenLiterally() {
    var word = marker();
    var percent = catalog.createProduct(newProduct(newSku()).put("title", word + " 50% off")).getString("id");
    catalog.createProduct(newProduct(newSku()).put("title", word + " 50 kg, off"));
    var underscore = catalog.createProduct(newProduct(newSku()).put("title", word + " a_b")).getString("id");
    catalog.createProduct(newProduct(newSku()).put("title", word + " axb"));
    var backslash = catalog.createProduct(newProduct(newSku()).put("title", word + " c\\d")).getString("id");
    catalog.createProduct(newProduct(newSku()).put("title", word + " cd"));

    assertEquals(List.of(percent), ids(search(word + " 50% off", 100)));
    assertEquals(List.of(underscore), ids(search(word + " a_b", 100)));
    assertEquals(List.of(backslash), ids(search(word + " c\\d", 100)));
    assertEquals(List.of(), ids(search(word + " %", 100)), "no title has a % after the word and a space");
    assertEquals(6, ids(search(word, 100)).size());
  }

  @Test
  void pagesOfSearchResultsHoldEveryMatchOnceEvenWhenCreationTimesTie() {
    var word = marker();
    var expected = new ArrayList<String>();
    // products created in one instant: the id breaks the tie, so no page repeats or skips one
    var instant = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1);
    var tied = new ArrayList<String>();
    for (int i = 0; i < 13; i++) {
      var id = UUID.randomUUID();
      insert(id, newSku(), "Tied " + word + " lamp", instant);
      tied.add(id.toString());
    }
    tied.sort(null); // PostgreSQL orders uuids as their lower-case hex text would sort
    expected.addAll(tied);
    for (int i = 0; i < 6; i++) {
      expected.add(catalog.createProduct(newProduct(newSku()).put("title", word + " later " + i)).getString("id"));
    }
    catalog.createProduct(newProduct(newSku()).put("title", "unrelated lamp"));

    var seen = new ArrayList<String>();
    String cursor = null;
    do {
      var page = search(word, 4, cursor);
      assertTrue(page.getJsonArray("items").size() <= 4);
      seen.addAll(ids(page));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    assertEquals(expected, seen, "oldest first, ties by id, every match once");
    assertEquals(seen.size(), new HashSet<>(seen).size());
  }

  // --- helpers

  static String marker() {
    return "Mk" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }

  static void insert(UUID id, String sku, String title, OffsetDateTime createdAt) {
    catalog.rows("INSERT INTO products (id, sku, title, currency, price_amount, cost_amount, status, created_at,"
      + " updated_at) VALUES ($1, $2, $3, 'USD', 1999, 800, 'active', $4, $4) RETURNING id", id, sku, title, createdAt);
  }

  static JsonObject search(String text, int limit) {
    return search(text, limit, null);
  }

  static JsonObject search(String text, int limit, String cursor) {
    var path = "/products?limit=" + limit + "&q=" + URLEncoder.encode(text, StandardCharsets.UTF_8)
      + (cursor == null ? "" : "&cursor=" + cursor);
    Reply reply = catalog.send(HttpMethod.GET, path, null, catalog.staff, Map.of());
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  static List<String> ids(JsonObject page) {
    var ids = new ArrayList<String>();
    page.getJsonArray("items").forEach(item -> ids.add(((JsonObject) item).getString("id")));
    return ids;
  }
}
