package com.shopifygenie.gateway;

import com.shopifygenie.platform.Caller;
import com.shopifygenie.platform.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveAudienceTest {

  private final UUID alice = UUID.randomUUID();
  private final UUID bob = UUID.randomUUID();

  private static LiveEvent event(String type, JsonObject data) {
    return LiveEvent.of(new JsonObject().put("id", UUID.randomUUID().toString()).put("type", "shopifygenie." + type)
      .put("data", data));
  }

  private static JsonObject seen(Caller caller, LiveEvent event) {
    var projected = LiveAudience.project(caller, event);
    return projected == null ? null : new JsonObject(projected);
  }

  private LiveEvent shipped(UUID customer) {
    var line = new JsonObject().put("sku", "A-1").put("quantity", 2)
      .put("unit_price", new JsonObject().put("amount", 1500)).put("unit_cost", new JsonObject().put("amount", 600));
    return event("order.shipped", new JsonObject().put("order_id", UUID.randomUUID().toString())
      .put("customer_id", customer.toString()).put("lines", new JsonArray().add(line)));
  }

  @Test
  void staffSeeEveryEventAsPublished() {
    var stock = event("stock.adjusted", new JsonObject().put("sku", "A-1").put("unit_cost", 600));
    var staff = new Caller(UUID.randomUUID(), Role.STAFF);
    assertSame(stock.json(), LiveAudience.project(staff, stock));
    var order = shipped(alice);
    assertSame(order.json(), LiveAudience.project(new Caller(UUID.randomUUID(), Role.SUPER_ADMIN), order));
    assertTrue(stock.cloudEvent().getJsonObject("data").containsKey("unit_cost"));
  }

  @Test
  void aCustomerSeesItsOwnOrderWithoutTheShopsCosts() {
    var order = shipped(alice);
    var seen = seen(new Caller(alice, Role.CUSTOMER), order);
    var line = seen.getJsonObject("data").getJsonArray("lines").getJsonObject(0);
    assertFalse(line.containsKey("unit_cost"));
    assertEquals(1500, line.getJsonObject("unit_price").getInteger("amount"));
    assertEquals(alice.toString(), seen.getJsonObject("data").getString("customer_id"));
    // the event others see is left as it was
    assertTrue(order.cloudEvent().getJsonObject("data").getJsonArray("lines").getJsonObject(0).containsKey("unit_cost"));
  }

  @Test
  void aCustomerNeverSeesAnotherCustomersEvents() {
    assertNull(seen(new Caller(bob, Role.CUSTOMER), shipped(alice)));
    var points = event("loyalty.points_earned", new JsonObject().put("customer_id", alice.toString()));
    assertNull(seen(new Caller(bob, Role.CUSTOMER), points));
    assertEquals(points.cloudEvent(), seen(new Caller(alice, Role.CUSTOMER), points));
  }

  @Test
  void aCustomerSeesNothingOfStockProductsOrUsers() {
    var customer = new Caller(alice, Role.CUSTOMER);
    var about = new JsonObject().put("customer_id", alice.toString()).put("order_id", UUID.randomUUID().toString());
    assertNull(seen(customer, event("stock.reserved", about)));
    assertNull(seen(customer, event("product.created", new JsonObject().put("sku", "A-1"))));
    assertNull(seen(customer, event("user.registered", new JsonObject().put("user_id", alice.toString()))));
    assertNull(seen(Caller.ANONYMOUS, shipped(alice)));
  }

  @Test
  void theTypesFilterTakesExactTypesAndWholeAggregates() {
    var types = LiveTypes.parse("order.*,payment.processed");
    assertTrue(types.accepts("shopifygenie.order.created"));
    assertTrue(types.accepts("shopifygenie.order.confirmed"));
    assertTrue(types.accepts("shopifygenie.payment.processed"));
    assertFalse(types.accepts("shopifygenie.payment.failed"));
    assertFalse(types.accepts("shopifygenie.orders.created"));
    assertFalse(types.accepts("shopifygenie.stock.reserved"));
    assertTrue(LiveTypes.parse(null).accepts("shopifygenie.stock.reserved"));
    assertTrue(LiveTypes.parse("order.created,order.created").accepts("shopifygenie.order.created"));
  }
}
