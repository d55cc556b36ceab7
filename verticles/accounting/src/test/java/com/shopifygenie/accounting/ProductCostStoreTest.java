package com.shopifygenie.accounting;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A run of announced costs kept in one statement ends as if each had been kept in its turn. */
@ExtendWith(VertxExtension.class)
class ProductCostStoreTest {

  static final OffsetDateTime NOON = OffsetDateTime.of(2026, 3, 10, 12, 0, 0, 0, ZoneOffset.UTC);
  static AccountingSystem accounting;
  final ProductCostStore costs = new ProductCostStore();

  @BeforeAll
  static void start(Vertx vertx) {
    accounting = AccountingSystem.start(vertx);
  }

  @AfterAll
  static void stop() {
    accounting.stop();
  }

  long cost(UUID product) {
    return accounting.db.preparedQuery("SELECT amount FROM product_costs WHERE product_id = $1")
      .execute(Tuple.of(product)).await().iterator().next().getLong(0);
  }

  void remember(ProductCostStore.Announced... announced) {
    costs.rememberAll(accounting.db, List.of(announced)).await();
  }

  @Test
  void theLatestAnnouncementWinsWhateverTheOrderTheyCameIn() {
    var mug = UUID.randomUUID();
    var tea = UUID.randomUUID();
    remember(new ProductCostStore.Announced(mug, 900, "USD", NOON.plusMinutes(2)),
      new ProductCostStore.Announced(tea, 1_250, "USD", NOON),
      new ProductCostStore.Announced(mug, 700, "USD", NOON.plusMinutes(1)));
    assertEquals(900, cost(mug));
    assertEquals(1_250, cost(tea));

    remember(new ProductCostStore.Announced(mug, 500, "USD", NOON));
    assertEquals(900, cost(mug), "an announcement older than the kept one changes nothing");

    remember(new ProductCostStore.Announced(mug, 600, "USD", NOON.plusMinutes(3)),
      new ProductCostStore.Announced(mug, 650, "USD", NOON.plusMinutes(3)));
    assertEquals(650, cost(mug), "of equal times, the last announced wins, as one by one");
  }
}
