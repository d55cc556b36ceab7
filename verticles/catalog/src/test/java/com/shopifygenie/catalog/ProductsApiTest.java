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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.catalog.CatalogSystem.money;
import static com.shopifygenie.catalog.CatalogSystem.newProduct;
import static com.shopifygenie.catalog.CatalogSystem.newSku;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Products through the gateway, as staff and customers see them. */
@ExtendWith(VertxExtension.class)
class ProductsApiTest {

  static CatalogSystem catalog;

  @BeforeAll
  static void start(Vertx vertx) {
    catalog = CatalogSystem.start(vertx);
  }

  @AfterAll
  static void stop() {
    catalog.stop();
  }

  static Reply post(JsonObject body, Map<String, String> headers) {
    return catalog.send(HttpMethod.POST, "/products", body, catalog.staff, headers);
  }

  static Reply get(String path, String token) {
    return catalog.send(HttpMethod.GET, path, null, token, Map.of());
  }

  static Reply patch(String id, JsonObject body, String ifMatch) {
    return catalog.send(HttpMethod.PATCH, "/products/" + id, body, catalog.staff,
      ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
  }

  static void assertProblem(Reply reply, int status, String kind) {
    assertEquals(status, reply.status(), reply::toString);
    assertEquals("https://shopifygenie.dev/problems/" + kind, reply.json().getString("type"), reply::toString);
  }
  /** A new unit cost of stock on hand is announced as stock.revalued, with what is on hand and both costs; nothing else is. */
  @Test
  void aNewUnitCostOfStockOnHandRevaluesIt() {
    var product = catalog.createProduct(newProduct(newSku()).put("unit_cost", money(400)));
    var id = product.getString("id");
    assertEquals(200, patch(id, new JsonObject().put("unit_cost", money(450)), "*").status(), "no stock: nothing to revalue");
    catalog.receive(id, 3);
    assertEquals(200, patch(id, new JsonObject().put("price", money(2500)), "*").status(), "the price alone");
    assertEquals(200, patch(id, new JsonObject().put("unit_cost", money(600)), "*").status());
    assertEquals(200, patch(id, new JsonObject().put("unit_cost", money(600)), "*").status(), "the same cost");
    assertEquals(List.of(new JsonObject().put("product_id", id).put("sku", product.getString("sku")).put("on_hand", 3)
        .put("previous_unit_cost", money(450)).put("unit_cost", money(600))),
      catalog.events("stock.revalued", id));
  }


  @Test
  void staffCreateAProductWithItsInventoryAndTheCatalogAnnouncesIt() {
    var sku = newSku();
    var reply = post(newProduct(sku).put("description", "Blue, 250 g").put("reorder_point", 5)
      .put("reorder_quantity", 20), Map.of());
    assertEquals(201, reply.status(), reply::toString);
    var product = reply.json();
    var id = product.getString("id");
    assertEquals("/products/" + id, reply.header("Location"));
    assertEquals("\"1\"", reply.header("ETag"));
    assertEquals(sku, product.getString("sku"));
    assertEquals("active", product.getString("status"));
    assertEquals(money(1999), product.getJsonObject("price"));
    assertEquals(money(800), product.getJsonObject("unit_cost"));
    assertEquals("Blue, 250 g", product.getString("description"));

    var inventory = catalog.inventory(id);
    assertEquals(0, inventory.getInteger("on_hand"));
    assertEquals(0, inventory.getInteger("available"));
    assertEquals(5, inventory.getInteger("reorder_point"));
    assertEquals(20, inventory.getInteger("reorder_quantity"));

    var created = catalog.events("product.created", id);
    assertEquals(1, created.size());
    assertEquals(new JsonObject().put("product_id", id).put("sku", sku).put("title", "Product " + sku)
      .put("status", "active").put("price", money(1999)).put("unit_cost", money(800)).put("reorder_point", 5)
      .put("reorder_quantity", 20), created.get(0));

    var read = get("/products/" + id, catalog.staff);
    assertEquals(product, read.json());
    assertEquals("\"1\"", read.header("ETag"));
  }

  @Test
  void aTakenSkuIs409() {
    var sku = newSku();
    catalog.createProduct(newProduct(sku));
    assertProblem(post(newProduct(sku).put("title", "Another"), Map.of()), 409, "conflict");
    assertEquals(1, catalog.count("SELECT count(*) FROM products WHERE sku = $1", sku));
  }

  @Test
  void theContractRefusesBadInputAndNamesTheField() {
    var cases = List.of(
      new Object[] {newProduct("bad sku!"), "/sku", "pattern"},
      new Object[] {newProduct(newSku()).put("price", money(-1)), "/price/amount", "minimum"},
      new Object[] {newProduct(newSku()).put("price", new JsonObject().put("amount", 100).put("currency", "usd")),
        "/price/currency", "pattern"},
      new Object[] {newProduct(newSku()).put("price", new JsonObject().put("amount", 1.5).put("currency", "USD")),
        "/price/amount", "type"},
      new Object[] {newProduct(newSku()).put("status", "archived"), "/status", "enum"},
      new Object[] {newProduct(newSku()).put("reorder_point", -1), "/reorder_point", "minimum"},
      new Object[] {newProduct(newSku()).put("colour", "blue"), "/colour", "additionalProperties"});
    for (var c : cases) {
      var reply = post((JsonObject) c[0], Map.of());
      assertProblem(reply, 400, "validation");
      var error = reply.json().getJsonArray("errors").getJsonObject(0);
      assertEquals(c[1], error.getString("field"), reply::toString);
      assertEquals(c[2], error.getString("rule"), reply::toString);
    }
    var noTitle = newProduct(newSku());
    noTitle.remove("title");
    assertProblem(post(noTitle, Map.of()), 400, "validation");
  }

  @Test
  void aCostInAnotherCurrencyThanThePriceIs422() {
    var reply = post(newProduct(newSku()).put("unit_cost", new JsonObject().put("amount", 5).put("currency", "EUR")),
      Map.of());
    assertProblem(reply, 422, "unprocessable");
    assertEquals("/unit_cost/currency", reply.json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  void aCurrencyIso4217DoesNotKnowIs422NamingTheFieldOnCreateAndUpdate() {
    var xyz = new JsonObject().put("amount", 5).put("currency", "XYZ");
    var sku = newSku();
    assertUnknownCurrency(post(newProduct(sku).put("price", xyz), Map.of()), "/price/currency");
    assertUnknownCurrency(post(newProduct(sku).put("unit_cost", xyz), Map.of()), "/unit_cost/currency");
    assertUnknownCurrency(post(newProduct(sku).put("price", xyz).put("unit_cost", xyz), Map.of()), "/price/currency");
    assertTrue(get("/products?q=" + sku, catalog.staff).json().getJsonArray("items").isEmpty(), "nothing was created");

    var id = catalog.createProduct().getString("id");
    assertUnknownCurrency(patch(id, new JsonObject().put("price", xyz), "\"1\""), "/price/currency");
    assertUnknownCurrency(patch(id, new JsonObject().put("unit_cost", xyz), "\"1\""), "/unit_cost/currency");
    var eur = new JsonObject().put("amount", 5).put("currency", "EUR");
    assertEquals(200, patch(id, new JsonObject().put("price", eur).put("unit_cost", eur), "\"1\"").status(),
      "a code ISO 4217 knows is accepted");
    assertEquals("\"2\"", get("/products/" + id, catalog.staff).header("ETag"), "the refused changes changed nothing");
  }

  static void assertUnknownCurrency(Reply reply, String field) {
    assertProblem(reply, 422, "unprocessable");
    var errors = reply.json().getJsonArray("errors");
    assertEquals(1, errors.size(), reply::toString);
    assertEquals(field, errors.getJsonObject(0).getString("field"));
    assertEquals("iso-4217", errors.getJsonObject(0).getString("rule"));
  }

  @Test
  void customersMayNotCreateAndNobodyWithoutATokenMayRead() {
    var reply = catalog.send(HttpMethod.POST, "/products", newProduct(newSku()), catalog.customer, Map.of());
    assertProblem(reply, 403, "forbidden");
    assertProblem(get("/products", null), 401, "unauthorized");
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyAnswersTheFirstResult() {
    var key = UUID.randomUUID().toString();
    var body = newProduct(newSku());
    var first = post(body, Map.of("Idempotency-Key", key));
    assertEquals(201, first.status(), first::toString);
    // the same request with its fields in another order is the same request
    var reordered = new JsonObject().put("unit_cost", body.getJsonObject("unit_cost"))
      .put("price", body.getJsonObject("price")).put("title", body.getString("title")).put("sku", body.getString("sku"));
    var retry = post(reordered, Map.of("Idempotency-Key", key));
    assertEquals(201, retry.status(), retry::toString);
    assertEquals(first.json(), retry.json());
    assertEquals(first.header("Location"), retry.header("Location"));
    assertEquals("true", retry.header("Idempotent-Replayed"));
    assertEquals(1, catalog.count("SELECT count(*) FROM products WHERE sku = $1", body.getString("sku")));
    assertEquals(1, catalog.events("product.created", first.json().getString("id")).size());

    var other = post(newProduct(newSku()), Map.of("Idempotency-Key", key));
    assertProblem(other, 422, "unprocessable");
  }

  @Test
  void concurrentRetriesWithOneKeyCreateOneProduct() {
    var key = UUID.randomUUID().toString();
    var body = newProduct(newSku());
    var replies = new ArrayList<io.vertx.core.Future<Reply>>();
    for (int i = 0; i < 8; i++) {
      replies.add(catalog.sendAsync(HttpMethod.POST, "/products", body, catalog.staff, Map.of("Idempotency-Key", key)));
    }
    var ids = new java.util.HashSet<String>();
    for (var reply : replies) {
      var answered = reply.await();
      assertEquals(201, answered.status(), answered::toString);
      ids.add(answered.json().getString("id"));
    }
    assertEquals(1, ids.size());
    assertEquals(1, catalog.count("SELECT count(*) FROM products WHERE sku = $1", body.getString("sku")));
  }

  @Test
  void anUpdateNeedsTheCurrentETag() {
    var product = catalog.createProduct();
    var id = product.getString("id");
    assertProblem(patch(id, new JsonObject().put("title", "No tag"), null), 428, "precondition-required");

    var changed = patch(id, new JsonObject().put("title", "Renamed").put("price", money(2499)), "\"1\"");
    assertEquals(200, changed.status(), changed::toString);
    assertEquals("\"2\"", changed.header("ETag"));
    assertEquals("Renamed", changed.json().getString("title"));
    assertEquals(2499, changed.json().getJsonObject("price").getInteger("amount"));
    assertEquals(2, changed.json().getInteger("version"));

    // a second editor still holding version 1 loses, instead of overwriting the first
    var stale = patch(id, new JsonObject().put("title", "Lost update"), "\"1\"");
    assertProblem(stale, 412, "precondition-failed");
    assertEquals("Renamed", get("/products/" + id, catalog.staff).json().getString("title"));

    var updated = catalog.events("product.updated", id);
    assertEquals(1, updated.size());
    assertEquals("Renamed", updated.get(0).getString("title"));
    assertEquals(money(2499), updated.get(0).getJsonObject("price"));
  }

  @Test
  void ifMatchStarAcceptsAnyVersionAndANoOpChangeKeepsTheVersion() {
    var id = catalog.createProduct().getString("id");
    assertEquals(200, patch(id, new JsonObject().put("title", "Renamed"), "\"1\"").status());
    var star = patch(id, new JsonObject().put("title", "Any"), "*");
    assertEquals(200, star.status(), star::toString);
    assertEquals("\"3\"", star.header("ETag"));
    // a change that changes nothing keeps the version and announces nothing
    var same = patch(id, new JsonObject().put("title", "Any"), "\"3\"");
    assertEquals("\"3\"", same.header("ETag"));
    assertEquals(2, catalog.events("product.updated", id).size());
  }

  @Test
  void anUpdateValidatesCurrencyAndUnknownProductsAre404() {
    var product = catalog.createProduct();
    var id = product.getString("id");
    assertProblem(patch(id, new JsonObject().put("price", new JsonObject().put("amount", 5).put("currency", "EUR")), "\"1\""),
      422, "unprocessable");
    var both = patch(id, new JsonObject().put("price", new JsonObject().put("amount", 5).put("currency", "EUR"))
      .put("unit_cost", new JsonObject().put("amount", 3).put("currency", "EUR")), "\"1\"");
    assertEquals(200, both.status(), both::toString);
    assertEquals("EUR", both.json().getJsonObject("unit_cost").getString("currency"));
    assertProblem(patch(id, new JsonObject(), "\"2\""), 400, "validation");
    assertProblem(patch(UUID.randomUUID().toString(), new JsonObject().put("title", "x"), "\"1\""), 404, "not-found");
    assertProblem(get("/products/not-a-uuid", catalog.staff), 400, "validation");
  }

  /**
   * Accounting booked the stock on hand at its cost in the product's currency, and orders reserved
   * were priced in it: a new currency with stock made their postings mix currencies.
   */
  @Test
  void theCurrencyChangesOnlyWithNothingOnHandNorReserved() {
    var id = catalog.createProduct().getString("id");
    catalog.receive(id, 3);
    var euros = new JsonObject().put("price", new JsonObject().put("amount", 900).put("currency", "EUR"))
      .put("unit_cost", new JsonObject().put("amount", 350).put("currency", "EUR"));
    var refused = patch(id, euros, "*");
    assertProblem(refused, 409, "conflict");
    var error = refused.json().getJsonArray("errors").getJsonObject(0);
    assertEquals("/price/currency", error.getString("field"));
    assertEquals("currency-with-stock", error.getString("rule"));
    assertEquals("\"1\"", get("/products/" + id, catalog.staff).header("ETag"), "the refused change changed nothing");
    // its price and cost in the same currency still change
    assertEquals(200, patch(id, new JsonObject().put("price", CatalogSystem.money(2100)), "*").status());
    assertEquals(201, catalog.adjust(id, "damaged", 3).status());
    var changed = patch(id, euros, "*");
    assertEquals(200, changed.status(), changed::toString);
    assertEquals("EUR", changed.json().getJsonObject("price").getString("currency"));
  }

  /**
   * A receipt racing a change of currency: either the change sees the stock and is refused, or the
   * receipt is priced after it, in the new currency. The receipt read the product's cost without a
   * lock, so it could wait for the inventory row and then go on with the cost in the old currency.
   */
  @Test
  void aReceiptRacingACurrencyChangeIsPricedInTheCurrencyItEndsIn() {
    var euros = new JsonObject().put("price", new JsonObject().put("amount", 900).put("currency", "EUR"))
      .put("unit_cost", new JsonObject().put("amount", 350).put("currency", "EUR"));
    for (int round = 0; round < 20; round++) {
      var id = catalog.createProduct().getString("id");
      var receipt = catalog.adjustAsync(id, "received", 7);
      var change = catalog.sendAsync(HttpMethod.PATCH, "/products/" + id, euros, catalog.staff, Map.of("If-Match", "*"));
      var received = receipt.await();
      var changed = change.await();
      assertEquals(201, received.status(), received::toString);
      assertTrue(changed.status() == 200 || changed.status() == 409, changed::toString);
      var currency = changed.status() == 200 ? "EUR" : "USD";
      var adjusted = catalog.events("stock.adjusted", id);
      assertEquals(currency, adjusted.get(adjusted.size() - 1).getJsonObject("unit_cost").getString("currency"),
        "round " + round + ": " + changed.status() + " " + adjusted);
    }
  }

  /**
   * Reads that come in together share one query: each is still answered with its own product and
   * ETag, a customer's read of an archived one and a read of an unknown id with their own 404.
   */
  @Test
  void readsThatComeInTogetherAreEachAnsweredForThemselves() {
    var products = new ArrayList<JsonObject>();
    for (int i = 0; i < 12; i++) {
      products.add(catalog.createProduct(newProduct(newSku()).put("title", "Together " + i)));
    }
    var archivedId = products.get(0).getString("id");
    var archived = patch(archivedId, new JsonObject().put("status", "archived"), "\"1\"");
    assertEquals(200, archived.status(), archived::toString);
    var unknown = UUID.randomUUID().toString();
    var asked = new ArrayList<String[]>();
    var sent = new ArrayList<io.vertx.core.Future<Reply>>();
    for (int i = 0; i < 120; i++) {
      var id = i % 13 == 12 ? unknown : products.get(i % 13).getString("id");
      var token = i % 2 == 0 ? catalog.staff : catalog.customer;
      asked.add(new String[] {id, token});
      sent.add(catalog.api.sendAsync(HttpMethod.GET, "/products/" + id, null, null,
        Map.of("Authorization", "Bearer " + token)));
    }
    io.vertx.core.Future.join(sent).await();
    for (int i = 0; i < sent.size(); i++) {
      var reply = sent.get(i).result();
      var id = asked.get(i)[0];
      var staff = asked.get(i)[1].equals(catalog.staff);
      if (id.equals(unknown) || (id.equals(archivedId) && !staff)) {
        assertProblem(reply, 404, "not-found");
        continue;
      }
      assertEquals(200, reply.status(), reply::toString);
      assertEquals(id, reply.json().getString("id"));
      assertEquals(products.get(i % 13).getString("title"), reply.json().getString("title"));
      assertEquals(id.equals(archivedId) ? "\"2\"" : "\"1\"", reply.header("ETag"));
    }
  }

  @Test
  void archivingHidesAProductFromCustomersButNotFromStaff() {
    var product = catalog.createProduct();
    var id = product.getString("id");
    var customerView = get("/products/" + id, catalog.customer);
    assertEquals(200, customerView.status(), customerView::toString);
    assertFalse(customerView.json().containsKey("unit_cost"), "customers never see the cost");

    var archived = patch(id, new JsonObject().put("status", "archived"), "\"1\"");
    assertEquals("archived", archived.json().getString("status"));
    assertEquals("archived", catalog.events("product.updated", id).get(0).getString("status"));
    assertProblem(get("/products/" + id, catalog.customer), 404, "not-found");
    assertEquals(200, get("/products/" + id, catalog.staff).status());
  }

  @Test
  void listsPageStablyAndFilterByStatusAndText() {
    var marker = "Lamp" + UUID.randomUUID().toString().substring(0, 6);
    var created = new ArrayList<String>();
    for (int i = 0; i < 5; i++) {
      var body = newProduct(newSku()).put("title", (i % 2 == 0 ? marker.toUpperCase() : marker.toLowerCase()) + " " + i)
        .put("status", i == 4 ? "draft" : "active");
      created.add(catalog.createProduct(body).getString("id"));
    }
    var seen = new ArrayList<String>();
    String cursor = null;
    do {
      var reply = get("/products?limit=2&q=" + marker + (cursor == null ? "" : "&cursor=" + cursor), catalog.staff);
      assertEquals(200, reply.status(), reply::toString);
      var page = reply.json();
      assertTrue(page.getJsonArray("items").size() <= 2);
      page.getJsonArray("items").forEach(item -> seen.add(((JsonObject) item).getString("id")));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    assertEquals(created, seen, "oldest first, every product once, case-insensitive match");

    var drafts = get("/products?status=draft&q=" + marker, catalog.staff).json().getJsonArray("items");
    assertEquals(1, drafts.size());
    assertEquals(created.get(4), drafts.getJsonObject(0).getString("id"));

    var sku = get("/products/" + created.get(0), catalog.staff).json().getString("sku");
    var bySku = get("/products?q=" + sku.toLowerCase(), catalog.staff).json().getJsonArray("items");
    assertEquals(1, bySku.size());

    var forCustomers = get("/products?limit=100&q=" + marker, catalog.customer).json();
    assertEquals(4, forCustomers.getJsonArray("items").size(), "customers see active products only");
    forCustomers.getJsonArray("items").forEach(item -> assertFalse(((JsonObject) item).containsKey("unit_cost")));
    assertEquals(0, get("/products?status=draft&q=" + marker, catalog.customer).json().getJsonArray("items").size());
    assertNull(forCustomers.getString("next_cursor"));

    assertProblem(get("/products?limit=0", catalog.staff), 400, "validation");
    assertProblem(get("/products?limit=101", catalog.staff), 400, "validation");
    assertProblem(get("/products?cursor=bm90LWEtY3Vyc29y", catalog.staff), 400, "validation");
  }

  /** The low-stock list would read a products' cursor as a product id to go on after, and the other way round. */
  @Test
  void aCursorOfAnotherListIsA400NamingTheCursor() {
    for (int i = 0; i < 2; i++) {
      catalog.createProduct(newProduct(newSku()).put("reorder_point", 3));
    }
    var ofProducts = get("/products?limit=1", catalog.staff).json().getString("next_cursor");
    var ofLowStock = get("/inventory/low-stock?limit=1", catalog.staff).json().getString("next_cursor");
    assertNotNull(ofProducts);
    assertNotNull(ofLowStock);
    assertEquals(200, get("/products?limit=1&cursor=" + ofProducts, catalog.staff).status());
    for (var wrong : List.of("/inventory/low-stock?cursor=" + ofProducts, "/products?cursor=" + ofLowStock,
        "/products?status=active&cursor=" + ofLowStock)) {
      var reply = get(wrong, catalog.staff);
      assertProblem(reply, 400, "validation");
      assertEquals("query.cursor", reply.json().getJsonArray("errors").getJsonObject(0).getString("field"), reply::toString);
    }
  }
}
