package com.shopifygenie.catalog;

import com.shopifygenie.platform.Times;
import com.shopifygenie.testkit.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.catalog.CatalogSystem.line;
import static com.shopifygenie.catalog.CatalogSystem.newProduct;
import static com.shopifygenie.catalog.CatalogSystem.newSku;
import static com.shopifygenie.catalog.CatalogSystem.orderCreated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stock adjustments, the ledger and low-stock alerts through the gateway. */
@ExtendWith(VertxExtension.class)
class InventoryApiTest {

  static CatalogSystem catalog;

  @BeforeAll
  static void start(Vertx vertx) {
    catalog = CatalogSystem.start(vertx);
  }

  @AfterAll
  static void stop() {
    catalog.stop();
  }

  static Reply adjust(JsonObject body, String key) {
    return catalog.send(HttpMethod.POST, "/inventory/adjustments", body, catalog.staff,
      key == null ? Map.of() : Map.of("Idempotency-Key", key));
  }

  static JsonObject adjustment(String productId, String kind, int quantity) {
    return new JsonObject().put("product_id", productId).put("kind", kind).put("quantity", quantity)
      .put("reason", "delivery note 42");
  }

  static Reply get(String path) {
    return catalog.send(HttpMethod.GET, path, null, catalog.staff, Map.of());
  }

  static void assertProblem(Reply reply, int status, String kind) {
    assertEquals(status, reply.status(), reply::toString);
    assertEquals("https://shopifygenie.dev/problems/" + kind, reply.json().getString("type"), reply::toString);
  }

  @Test
  void receivingDamagingCountingAndCorrectingMoveStockAndAreAnnounced() {
    var id = catalog.createProduct().getString("id");
    var received = adjust(adjustment(id, "received", 30), UUID.randomUUID().toString());
    assertEquals(201, received.status(), received::toString);
    var movement = received.json().getJsonObject("movement");
    assertEquals(30, movement.getInteger("delta"));
    assertEquals(0, movement.getInteger("reserved_delta"));
    assertEquals("received", movement.getString("reason"));
    assertEquals("delivery note 42", movement.getString("note"));
    assertEquals(30, received.json().getJsonObject("inventory").getInteger("on_hand"));

    assertEquals(201, adjust(adjustment(id, "damaged", 4), UUID.randomUUID().toString()).status());
    assertEquals(201, adjust(adjustment(id, "correction", -1), UUID.randomUUID().toString()).status());
    var counted = adjust(adjustment(id, "counted", 20), UUID.randomUUID().toString());
    assertEquals(-5, counted.json().getJsonObject("movement").getInteger("delta"), "25 were expected, 20 counted");

    var inventory = catalog.inventory(id);
    assertEquals(20, inventory.getInteger("on_hand"));
    assertEquals(0, inventory.getInteger("reserved"));
    assertEquals(20, inventory.getInteger("available"));

    var adjusted = catalog.events("stock.adjusted", id);
    assertEquals(List.of(30, -4, -1, -5), adjusted.stream().map(e -> e.getInteger("delta")).toList());
    assertEquals(List.of("received", "damaged", "correction", "counted"),
      adjusted.stream().map(e -> e.getString("reason")).toList());
    assertEquals(new JsonObject().put("product_id", id).put("sku", inventory.getString("sku")).put("delta", -5)
      .put("reserved_delta", 0).put("reason", "counted").put("on_hand", 20).put("reserved", 0).put("available", 20)
      .put("reorder_point", inventory.getInteger("reorder_point")).put("unit_cost", new JsonObject().put("amount", 800).put("currency", "USD")), adjusted.get(3));
  }

  @Test
  void anAdjustmentNeedsAnIdempotencyKeyAndARetryAppliesOnce() {
    var id = catalog.createProduct().getString("id");
    assertProblem(adjust(adjustment(id, "received", 5), null), 400, "validation");
    var key = UUID.randomUUID().toString();
    var first = adjust(adjustment(id, "received", 5), key);
    var retry = adjust(adjustment(id, "received", 5), key);
    assertEquals(201, retry.status(), retry::toString);
    assertEquals(first.json(), retry.json());
    assertEquals("true", retry.header("Idempotent-Replayed"));
    assertEquals(5, catalog.inventory(id).getInteger("on_hand"));
    assertEquals(1, catalog.events("stock.adjusted", id).size());
    assertProblem(adjust(adjustment(id, "received", 6), key), 422, "unprocessable");
  }

  @Test
  void quantitiesThatMakeNoSenseForTheKindAre400() {
    var id = catalog.createProduct().getString("id");
    for (var bad : List.of(adjustment(id, "received", 0), adjustment(id, "damaged", -2),
      adjustment(id, "counted", -1), adjustment(id, "correction", 0))) {
      var reply = adjust(bad, UUID.randomUUID().toString());
      assertProblem(reply, 400, "validation");
      assertEquals("/quantity", reply.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    }
    assertProblem(adjust(adjustment(id, "stolen", 1), UUID.randomUUID().toString()), 400, "validation");
    assertProblem(adjust(adjustment(id, "received", 1).put("reason", ""), UUID.randomUUID().toString()), 400, "validation");
    assertProblem(adjust(adjustment(UUID.randomUUID().toString(), "received", 1), UUID.randomUUID().toString()),
      404, "not-found");
    assertEquals(0, catalog.count("SELECT count(*) FROM stock_movements WHERE product_id = $1", UUID.fromString(id)));
  }

  @Test
  void stockBeyondWhatARowOrTheBooksHoldIsRefusedWithoutWrappingAround() {
    var id = catalog.createProduct().getString("id");
    assertEquals(201, adjust(adjustment(id, "received", 1_000_000_000), UUID.randomUUID().toString()).status());
    assertEquals(201, adjust(adjustment(id, "received", 1_000_000_000), UUID.randomUUID().toString()).status());
    var past = adjust(adjustment(id, "received", 1_000_000_000), UUID.randomUUID().toString());
    assertProblem(past, 409, "conflict");
    assertEquals("stock-limit", past.json().getJsonArray("errors").getJsonObject(0).getString("rule"), past::toString);
    assertTrue(past.json().getString("detail").contains("would be 3000000000"), past::toString);
    assertEquals(2_000_000_000, catalog.inventory(id).getInteger("on_hand"));

    var dear = catalog.createProduct(CatalogSystem.newProduct(CatalogSystem.newSku())
      .put("unit_cost", CatalogSystem.money(100_000_000_000L))).getString("id");
    var priceless = adjust(adjustment(dear, "received", 1_000_000_000), UUID.randomUUID().toString());
    assertProblem(priceless, 409, "conflict");
    assertEquals("value-limit", priceless.json().getJsonArray("errors").getJsonObject(0).getString("rule"), priceless::toString);
    assertEquals(0, catalog.inventory(dear).getInteger("on_hand"));
  }

  @Test
  void stockHeldForOrdersCannotBeAdjustedAway() {
    var product = catalog.createProduct();
    var id = product.getString("id");
    catalog.receive(id, 10);
    catalog.publish(orderCreated(UUID.randomUUID(), line(product, 6)));
    assertEquals(6, catalog.inventory(id).getInteger("reserved"));

    assertProblem(adjust(adjustment(id, "damaged", 5), UUID.randomUUID().toString()), 409, "insufficient-stock");
    assertProblem(adjust(adjustment(id, "counted", 5), UUID.randomUUID().toString()), 409, "insufficient-stock");
    assertProblem(adjust(adjustment(id, "correction", -5), UUID.randomUUID().toString()), 409, "insufficient-stock");
    var allowed = adjust(adjustment(id, "damaged", 4), UUID.randomUUID().toString());
    assertEquals(201, allowed.status(), allowed::toString);
    var inventory = catalog.inventory(id);
    assertEquals(6, inventory.getInteger("on_hand"));
    assertEquals(6, inventory.getInteger("reserved"));
    assertEquals(0, inventory.getInteger("available"));
  }

  @Test
  void theLedgerAddsUpToTheInventoryAndPagesOldestFirst() {
    var product = catalog.createProduct();
    var id = product.getString("id");
    var before = Times.format(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(5));
    catalog.receive(id, 12);
    catalog.publish(orderCreated(UUID.randomUUID(), line(product, 3)));
    assertAvailable(catalog.adjust(id, "damaged", 2), 7);
    assertAvailable(catalog.adjust(id, "counted", 9), 6);
    catalog.receive(catalog.createProduct().getString("id"), 1); // another product's row, filtered out

    var movements = new ArrayList<JsonObject>();
    String cursor = null;
    do {
      var reply = get("/inventory/movements?limit=2&product_id=" + id + (cursor == null ? "" : "&cursor=" + cursor));
      assertEquals(200, reply.status(), reply::toString);
      reply.json().getJsonArray("items").forEach(item -> movements.add((JsonObject) item));
      cursor = reply.json().getString("next_cursor");
    } while (cursor != null);
    assertEquals(List.of("received", "reserved", "damaged", "counted"),
      movements.stream().map(m -> m.getString("reason")).toList());
    var inventory = catalog.inventory(id);
    assertEquals(inventory.getInteger("on_hand"), movements.stream().mapToInt(m -> m.getInteger("delta")).sum());
    assertEquals(inventory.getInteger("reserved"), movements.stream().mapToInt(m -> m.getInteger("reserved_delta")).sum());
    assertEquals(9, inventory.getInteger("on_hand"));
    assertEquals(3, inventory.getInteger("reserved"));
    var last = movements.get(movements.size() - 1);
    assertEquals(9, last.getInteger("on_hand"));
    assertEquals(6, last.getInteger("available"));
    assertFalse(movements.get(1).getString("order_id") == null, "a reservation names its order");

    var future = Times.format(OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1));
    assertEquals(0, get("/inventory/movements?product_id=" + id + "&from=" + future).json().getJsonArray("items").size());
    assertEquals(4, get("/inventory/movements?product_id=" + id + "&from=" + before + "&to=" + future)
      .json().getJsonArray("items").size());
    assertEquals(0, get("/inventory/movements?product_id=" + id + "&to=" + before).json().getJsonArray("items").size());
    assertProblem(get("/inventory/movements?from=yesterday"), 400, "validation");
    var backwards = get("/inventory/movements?product_id=" + id + "&from=" + future + "&to=" + before);
    assertProblem(backwards, 400, "validation");
    assertEquals("not-before-from", backwards.json().getJsonArray("errors").getJsonObject(0).getString("rule"));
    var noOffset = get("/inventory/movements?to=2025-01-31T12:00:00");
    assertProblem(noOffset, 400, "validation");
    assertEquals("query.to", noOffset.json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  void aLowStockAlertIsRaisedOncePerCrossingOfTheReorderPoint() {
    var product = catalog.createProduct(newProduct(newSku()).put("reorder_point", 5).put("reorder_quantity", 25));
    var id = product.getString("id");
    catalog.receive(id, 10);
    assertTrue(catalog.events("stock.low", id).isEmpty(), "created empty: never above the point, nothing crossed");

    assertAvailable(catalog.adjust(id, "damaged", 4), 6);    // still above
    assertTrue(catalog.events("stock.low", id).isEmpty());
    var orderId = UUID.randomUUID();
    catalog.publish(orderCreated(orderId, line(product, 1)));  // 5 available: crossed
    assertEquals(1, catalog.events("stock.reserved", orderId).size());
    assertEquals(5, catalog.inventory(id).getInteger("available"));
    assertEquals(1, catalog.events("stock.low", id).size());
    assertAvailable(catalog.adjust(id, "damaged", 2), 3);    // still low
    var alerts = catalog.events("stock.low", id);
    assertEquals(1, alerts.size(), "no second alert while it stays low");
    assertEquals(new JsonObject().put("product_id", id).put("sku", product.getString("sku")).put("available", 5)
      .put("reorder_point", 5).put("reorder_quantity", 25), alerts.get(0));

    var low = lowStockIds();
    assertTrue(low.contains(id), "listed while low");

    catalog.receive(id, 20);                                  // back above
    assertEquals(23, catalog.inventory(id).getInteger("available"));
    assertFalse(lowStockIds().contains(id));
    assertAvailable(catalog.adjust(id, "counted", 2), 1);     // crossed again: a second alert
    assertEquals(2, catalog.events("stock.low", id).size());
    assertEquals(1, catalog.events("stock.low", id).get(1).getInteger("available"));
  }

  /** The adjustment was recorded and left this much available. */
  static void assertAvailable(Reply adjusted, int available) {
    assertEquals(201, adjusted.status(), adjusted::toString);
    assertEquals(available, adjusted.json().getJsonObject("inventory").getInteger("available"), adjusted::toString);
  }

  @Test
  void raisingTheReorderPointAboveWhatIsAvailableAlertsOnce() {
    var id = catalog.createProduct().getString("id");
    catalog.receive(id, 8);
    var settings = catalog.send(HttpMethod.PATCH, "/products/" + id + "/inventory",
      new JsonObject().put("reorder_point", 10).put("reorder_quantity", 40), catalog.staff, Map.of());
    assertEquals(200, settings.status(), settings::toString);
    assertEquals(10, settings.json().getInteger("reorder_point"));
    assertEquals(40, settings.json().getInteger("reorder_quantity"));
    assertEquals(8, settings.json().getInteger("on_hand"));
    var alerts = catalog.events("stock.low", id);
    assertEquals(1, alerts.size());
    assertEquals(40, alerts.get(0).getInteger("reorder_quantity"));
    var lowered = catalog.send(HttpMethod.PATCH, "/products/" + id + "/inventory", new JsonObject().put("reorder_point", 9),
      catalog.staff, Map.of());
    assertEquals(200, lowered.status(), lowered::toString);
    assertEquals(9, lowered.json().getInteger("reorder_point"));
    assertEquals(40, lowered.json().getInteger("reorder_quantity"), "what is not sent stays");
    assertEquals(1, catalog.events("stock.low", id).size(), "still low: no second alert");
    // each change of the settings is announced with what is available, whichever way the point moved
    assertEquals(List.of(
        new JsonObject().put("product_id", id).put("sku", lowered.json().getString("sku")).put("available", 8)
          .put("reorder_point", 10).put("reorder_quantity", 40),
        new JsonObject().put("product_id", id).put("sku", lowered.json().getString("sku")).put("available", 8)
          .put("reorder_point", 9).put("reorder_quantity", 40)),
      catalog.events("stock.reorder_settings_changed", id));
    var same = catalog.send(HttpMethod.PATCH, "/products/" + id + "/inventory", new JsonObject().put("reorder_point", 9),
      catalog.staff, Map.of());
    assertEquals(200, same.status(), same::toString);
    assertEquals(2, catalog.events("stock.reorder_settings_changed", id).size(), "settings as they were: nothing to announce");
    assertEquals(0, catalog.count("SELECT count(*) FROM stock_movements WHERE product_id = $1 AND reason <> 'received'",
      UUID.fromString(id)), "settings are no stock movement");
    assertProblem(catalog.send(HttpMethod.PATCH, "/products/" + id + "/inventory", new JsonObject(), catalog.staff,
      Map.of()), 400, "validation");
  }

  @Test
  void lowStockPagesAndLeavesArchivedProductsOut() {
    var archived = catalog.createProduct(newProduct(newSku()).put("reorder_point", 3)).getString("id");
    var archiving = catalog.send(HttpMethod.PATCH, "/products/" + archived, new JsonObject().put("status", "archived"),
      catalog.staff, Map.of("If-Match", "\"1\""));
    assertEquals(200, archiving.status(), archiving::toString);
    // nothing on hand, at or below their reorder points: low
    var low = List.of(catalog.createProduct(newProduct(newSku()).put("reorder_point", 3)).getString("id"),
      catalog.createProduct(newProduct(newSku()).put("reorder_point", 3)).getString("id"));

    var ids = lowStockIds();
    assertTrue(ids.containsAll(low), "both low products are listed");
    assertFalse(ids.contains(archived), "an archived product is no longer stocked");
    var pagedOneByOne = new ArrayList<String>();
    String cursor = null;
    do {
      var page = get("/inventory/low-stock?limit=1" + (cursor == null ? "" : "&cursor=" + cursor)).json();
      assertEquals(1, page.getJsonArray("items").size());
      pagedOneByOne.add(page.getJsonArray("items").getJsonObject(0).getString("product_id"));
      assertTrue(pagedOneByOne.size() <= ids.size(), "the pages end");
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    assertEquals(ids, pagedOneByOne, "pages of one walk the same list in the same order");
  }

  @Test
  void customersSeeNoInventoryAndStaffNoDeadLetters() {
    var id = catalog.createProduct().getString("id");
    assertProblem(catalog.send(HttpMethod.GET, "/products/" + id + "/inventory", null, catalog.customer, Map.of()),
      403, "forbidden");
    assertProblem(get("/catalog/dead-letters"), 403, "forbidden");
    assertProblem(get("/products/" + UUID.randomUUID() + "/inventory"), 404, "not-found");
  }

  static List<String> lowStockIds() {
    var ids = new ArrayList<String>();
    String cursor = null;
    do {
      var reply = get("/inventory/low-stock?limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
      assertEquals(200, reply.status(), reply::toString);
      reply.json().getJsonArray("items").forEach(item -> ids.add(((JsonObject) item).getString("product_id")));
      cursor = reply.json().getString("next_cursor");
    } while (cursor != null);
    return ids;
  }
}
