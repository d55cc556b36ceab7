package com.shopifygenie.orders;

import com.shopifygenie.platform.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** All SQL of payments: each attempt, with the card as a receipt shows it. */
final class PaymentStore {

  private static final String COLUMNS = "id, order_id, provider, provider_reference, status, failure_reason, amount, "
    + "currency, card_brand, card_last4, card_exp_month, card_exp_year, created_at";

  /** Records an attempt; a second successful payment of an order is refused by payments_one_success. */
  Future<Payment> insert(SqlClient tx, Payment p) {
    var m = p.method();
    return tx.preparedQuery("INSERT INTO payments (" + COLUMNS.replace(", created_at", "") + ") "
        + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING " + COLUMNS)
      .execute(Tuple.from(new Object[] {p.id(), p.orderId(), p.provider(), p.reference(),
        p.succeeded() ? "succeeded" : "failed", p.failureReason(), p.amount(), p.currency(), m.brand(), m.last4(),
        m.expMonth(), m.expYear()}))
      .map(rows -> PaymentStore.payment(rows.iterator().next()));
  }

  Future<List<Payment>> byOrder(SqlClient client, UUID orderId) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM payments WHERE order_id = $1 ORDER BY created_at, id")
      .execute(Tuple.of(orderId)).map(rows -> Rows.all(rows, PaymentStore::payment));
  }

  /** The payment that paid the order, if one did. */
  Future<Optional<Payment>> succeeded(SqlClient client, UUID orderId) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM payments WHERE order_id = $1 AND status = 'succeeded'")
      .execute(Tuple.of(orderId)).map(rows -> Rows.first(rows, PaymentStore::payment));
  }

  private static Payment payment(Row r) {
    return new Payment(r.getUUID("id"), r.getUUID("order_id"), r.getString("provider"), r.getString("provider_reference"),
      "succeeded".equals(r.getString("status")), r.getString("failure_reason"), r.getLong("amount"),
      r.getString("currency"), new PaymentMethod(r.getString("card_brand"), r.getString("card_last4"),
      r.getInteger("card_exp_month"), r.getInteger("card_exp_year")), r.getOffsetDateTime("created_at"));
  }
}
