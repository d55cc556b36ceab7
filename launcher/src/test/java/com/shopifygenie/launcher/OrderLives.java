package com.shopifygenie.launcher;

import com.shopifygenie.testkit.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A seeded randomized life for each of many orders, all lived at once: payment attempts that
 * decline or fail before one succeeds (sometimes two racing), cancels, partial shipments (and
 * ones asking too much), deliveries, refunds by line or amount (and ones asking too much). Each
 * order draws from its own Random seeded from the run's seed and its index, so a run replays from
 * its seed. Every answer must be one the step allows; what the run left is checked by the test.
 */
final class OrderLives {

  /** An order placed for a customer, with its lines by sku. */
  record Placed(int index, String id, String customer, long total, Map<String, Integer> lines) {}

  private static final String[] FAILING_CARDS = {Shop.DECLINED, Shop.NO_FUNDS, Shop.PROCESSING_ERROR};

  private final Shop shop;
  private final long seed;
  /** Answers no step allows, reported at once by the test. */
  final List<String> surprises = java.util.Collections.synchronizedList(new ArrayList<>());

  OrderLives(Shop shop, long seed) {
    this.shop = shop;
    this.seed = seed;
  }

  /** The life of an order that was confirmed or rejected. */
  Future<Void> live(Placed order, String status) {
    var random = new Random(seed * 1_000_003 + order.index());
    if (!"confirmed".equals(status)) {
      return expect(order, "pay a " + status + " order", shop.pay(order.id(), Shop.VISA, "123", order.total(), order.customer()), 409);
    }
    if (random.nextInt(10) == 0) {
      return expect(order, "cancel unpaid", shop.cancel(order.id(), order.customer()), 200);
    }
    return failedAttempts(order, random, random.nextInt(3))
      .compose(v -> pay(order, random))
      .compose(v -> new Life(order, random).step(0));
  }

  private Future<Void> failedAttempts(Placed order, Random random, int left) {
    if (left == 0) {
      return Future.succeededFuture();
    }
    var card = FAILING_CARDS[random.nextInt(FAILING_CARDS.length)];
    return expect(order, "pay with " + card, shop.pay(order.id(), card, "123", order.total(), order.customer()),
      card.equals(Shop.PROCESSING_ERROR) ? 502 : 402)
      .compose(v -> failedAttempts(order, random, left - 1));
  }

  /** Pays; one time in five two payments race, and exactly one of them may win. */
  private Future<Void> pay(Placed order, Random random) {
    if (random.nextInt(5) > 0) {
      return expect(order, "pay", shop.pay(order.id(), Shop.VISA, "123", order.total(), order.customer()), 201);
    }
    var one = shop.pay(order.id(), Shop.VISA, "123", order.total(), order.customer());
    var other = shop.pay(order.id(), "5555555555554444", "123", order.total(), order.customer());
    return Future.all(one, other).map(both -> {
      var statuses = new java.util.TreeSet<>(List.of(one.result().status(), other.result().status()));
      if (!statuses.equals(new java.util.TreeSet<>(List.of(201, 409)))) {
        surprises.add(order.id() + " two racing payments answered " + one.result() + " and " + other.result());
      }
      return null;
    });
  }

  /** What happens to one paid order, step by step, until it is cancelled or its steps run out. */
  private final class Life {
    final Placed order;
    final Random random;
    final Map<String, Integer> unshipped;
    final Map<String, Integer> returnable = new HashMap<>();
    final List<String> shipments = new ArrayList<>();
    long refundable;

    Life(Placed order, Random random) {
      this.order = order;
      this.random = random;
      this.unshipped = new LinkedHashMap<>(order.lines());
      this.refundable = order.total();
    }

    Future<Void> step(int n) {
      if (n == 6) {
        return deliverAll(0);
      }
      var choice = random.nextInt(10);
      Supplier<Future<Void>> next = () -> step(n + 1);
      if (choice == 0) {
        // units waiting to ship are cancelled, whatever was refunded meanwhile; once every unit
        // shipped, an order is refunded, never cancelled
        return unshipped.values().stream().anyMatch(q -> q > 0)
          ? expect(order, "cancel paid", shop.cancel(order.id(), order.customer()), 200)
            // what shipped before the cancellation may still come back and be refunded
            .compose(v -> random.nextBoolean() ? refundLine() : Future.succeededFuture())
          : expect(order, "cancel shipped", shop.cancel(order.id(), order.customer()), 409).compose(v -> next.get());
      }
      if (choice == 1) {
        var sku = pick(unshipped.keySet());
        return expect(order, "ship too many", shop.ship(order.id(), Shop.lines(sku, unshipped.get(sku) + 1)), 409)
          .compose(v -> next.get());
      }
      if (choice <= 5) {
        return ship().compose(v -> next.get());
      }
      if (choice <= 7) {
        return refundLine().compose(v -> next.get());
      }
      if (choice == 8) {
        var amount = 1 + random.nextInt((int) Math.max(1, order.total() / 3));
        return refund("refund amount", shop.refundAmount(order.id(), amount, "goodwill"), amount, Map.of())
          .compose(v -> next.get());
      }
      return shipments.isEmpty() ? next.get()
        : allowed(order, "deliver", shop.deliver(order.id(), pick(shipments)), Set.of(200, 409)).compose(v -> next.get());
    }

    Future<Void> ship() {
      var lines = new JsonArray();
      var shipped = new HashMap<String, Integer>();
      unshipped.forEach((sku, left) -> {
        if (left > 0 && random.nextBoolean()) {
          var quantity = 1 + random.nextInt(left);
          lines.add(new JsonObject().put("sku", sku).put("quantity", quantity));
          shipped.put(sku, quantity);
        }
      });
      if (lines.isEmpty()) {
        return Future.succeededFuture();
      }
      return shop.ship(order.id(), lines).map(reply -> {
        if (reply.status() != 201) {
          surprises.add(order.id() + " ship " + lines.encode() + " answered " + reply);
          return null;
        }
        shipments.add(reply.json().getString("id"));
        shipped.forEach((sku, q) -> {
          unshipped.merge(sku, -q, Integer::sum);
          returnable.merge(sku, q, Integer::sum);
        });
        return null;
      });
    }

    Future<Void> refundLine() {
      var candidates = returnable.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
      if (candidates.isEmpty()) {
        return Future.succeededFuture();
      }
      var sku = candidates.get(random.nextInt(candidates.size()));
      var quantity = 1 + random.nextInt(returnable.get(sku));
      var restock = random.nextBoolean();
      var lines = new JsonArray().add(new JsonObject().put("sku", sku).put("quantity", quantity).put("restock", restock));
      return refund("refund " + lines.encode(), shop.refundLines(order.id(), lines, "returned"), -1, Map.of(sku, quantity));
    }

    /** A refund is taken or, when it would pass what is still refundable, refused with a 409. */
    Future<Void> refund(String step, Future<Reply> sent, long amount, Map<String, Integer> lines) {
      return sent.map(reply -> {
        if (reply.status() == 201) {
          refundable -= reply.json().getJsonObject("amount").getLong("amount");
          lines.forEach((sku, q) -> returnable.merge(sku, -q, Integer::sum));
        } else if (reply.status() != 409) {
          surprises.add(order.id() + " " + step + " answered " + reply);
        } else if (amount > 0 && (amount < refundable
          || (amount == refundable && unshipped.values().stream().allMatch(q -> q == 0)))) {
          surprises.add(order.id() + " " + step + " refused while " + refundable + " was refundable: " + reply);
        }
        return null;
      });
    }

    Future<Void> deliverAll(int i) {
      if (i == shipments.size()) {
        return Future.succeededFuture();
      }
      return allowed(order, "deliver", shop.deliver(order.id(), shipments.get(i)), Set.of(200, 409))
        .compose(v -> deliverAll(i + 1));
    }

    <T> T pick(java.util.Collection<T> from) {
      return new ArrayList<>(from).get(random.nextInt(from.size()));
    }
  }

  private Future<Void> expect(Placed order, String step, Future<Reply> sent, int status) {
    return allowed(order, step, sent, Set.of(status));
  }

  private Future<Void> allowed(Placed order, String step, Future<Reply> sent, Set<Integer> statuses) {
    return sent.map(reply -> {
      if (!statuses.contains(reply.status())) {
        surprises.add(order.id() + " " + step + " answered " + reply);
      }
      return null;
    });
  }
}
