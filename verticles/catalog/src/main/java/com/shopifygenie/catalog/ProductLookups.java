package com.shopifygenie.catalog;

import com.shopifygenie.platform.Batches;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.util.Optional;
import java.util.UUID;

/**
 * Reads products by id, those asked for together with one query: under load a GET
 * /products/{id} costs a fraction of a round trip, and a quiet shop's read still goes at once,
 * alone. A read's query starts after its request came in, so it sees every change committed
 * before.
 */
final class ProductLookups {

  private final Batches<UUID, Optional<Product>> batches;

  ProductLookups(Pool pool, ProductStore products, int readsInFlight) {
    this.batches = new Batches<>(readsInFlight, 200, batch -> products
      .byIds(pool, batch.stream().map(Batches.Waiting::request).distinct().toList())
      .map(found -> {
        batch.forEach(waiting -> waiting.answer().complete(Optional.ofNullable(found.get(waiting.request()))));
        return null;
      }));
  }

  Future<Optional<Product>> byId(UUID id) {
    return batches.submit(id);
  }
}
