package com.shopifygenie.customers;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.Inbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.UUID;

/**
 * The events the customers domain consumes, the topic each comes on, and one handler per type.
 * Each handler runs in the inbox's transaction.
 */
final class CustomersEventHandlers {

  private static final String AUTH_EVENTS = "auth-events";
  private static final String PAYMENT_EVENTS = "payment-events";
  private static final String ORDER_EVENTS = "order-events";

  private final ProfileStore profiles;
  private final LoyaltyLedger loyalty;
  private final Segmentation segmentation;

  CustomersEventHandlers(ProfileStore profiles, LoyaltyLedger loyalty, Segmentation segmentation) {
    this.profiles = profiles;
    this.loyalty = loyalty;
    this.segmentation = segmentation;
  }

  void register(Inbox inbox) {
    inbox.on(AUTH_EVENTS, "shopifygenie.user.registered", this::userRegistered)
      .on(AUTH_EVENTS, "shopifygenie.user.email_changed", this::userEmailChanged)
      .on(AUTH_EVENTS, "shopifygenie.user.role_changed", this::userRoleChanged)
      .on(PAYMENT_EVENTS, "shopifygenie.payment.processed", this::paymentProcessed)
      .on(ORDER_EVENTS, "shopifygenie.order.refunded", this::orderRefunded);
  }

  /** Customers get a profile; staff and super admins are no customers of the shop. */
  Future<Void> userRegistered(SqlConnection tx, DomainEvent event) {
    var data = event.data();
    if (!"customer".equals(data.getString("role"))) {
      return Future.succeededFuture();
    }
    return profiles.registered(tx, UUID.fromString(data.getString("user_id")), data.getString("email"));
  }

  /**
   * Auth owns a registered customer's email; the profile follows it (auth's events of one user come
   * in order, after its registration).
   */
  Future<Void> userEmailChanged(SqlConnection tx, DomainEvent event) {
    var data = event.data();
    return profiles.emailChanged(tx, UUID.fromString(data.getString("user_id")), data.getString("email"));
  }

  /**
   * A user who becomes a customer gets a profile, as at registration (or its existing one auth's
   * email). One who stops being a customer keeps its profile: its orders, points and consent
   * history are records of what happened, and consent law asks to keep them.
   */
  Future<Void> userRoleChanged(SqlConnection tx, DomainEvent event) {
    var data = event.data();
    if (!"customer".equals(data.getString("role"))) {
      return Future.succeededFuture();
    }
    return profiles.registered(tx, UUID.fromString(data.getString("user_id")), data.getString("email"));
  }

  /**
   * A paid order earns points. Its customer may not have a profile here yet (on Kafka, auth's
   * events come on another topic): it gets one, and auth's event adds the email when it comes.
   */
  Future<Void> paymentProcessed(SqlConnection tx, DomainEvent event) {
    var customerId = UUID.fromString(event.data().getString("customer_id"));
    return profiles.ensureRegistered(tx, customerId)
      .compose(v -> loyalty.earn(tx, event))
      .compose(v -> segmentation.refresh(tx, customerId));
  }

  /**
   * Points go back, and the order counts for its net amount (not at all once refunded in full). A
   * refund that came before its payment waits for it, and the payment re-scores the customer.
   */
  Future<Void> orderRefunded(SqlConnection tx, DomainEvent event) {
    return loyalty.takeBack(tx, event)
      .compose(customerId -> customerId == null ? Future.succeededFuture() : segmentation.refresh(tx, customerId));
  }
}
