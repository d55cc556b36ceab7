package com.shopifygenie.customers;

import com.shopifygenie.platform.Caller;
import com.shopifygenie.platform.Problem;
import com.shopifygenie.platform.Role;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.util.UUID;

/**
 * Who may reach which profile, in one place: staff any, a customer only its own. Another
 * customer's profile (and all that hangs off it) does not exist as far as a customer can tell, so
 * it is a 404, never a 403 that would confirm the id.
 */
final class CustomerAccess {

  private final Pool pool;
  private final ProfileStore profiles;

  CustomerAccess(Pool pool, ProfileStore profiles) {
    this.pool = pool;
    this.profiles = profiles;
  }

  /** The profile the caller may reach under this id; a 404 problem otherwise. */
  Future<Profile> profile(Caller caller, UUID id) {
    return caller.isStaff() ? existing(id) : reach(caller, id).compose(this::existing);
  }

  /**
   * The id, once the caller may reach it and the profile exists. A customer's own profile exists from its registration
   * on: its token proves the account even before auth's event arrived here.
   */
  Future<UUID> reach(Caller caller, UUID id) {
    if (caller.isStaff()) {
      return existing(id).map(id);
    }
    if (caller.role() != Role.CUSTOMER || !caller.userId().equals(id)) {
      return Future.failedFuture(Problem.notFound("customer", id));
    }
    return profiles.ensureRegistered(pool, id).map(id);
  }

  /** The caller's own profile; staff have one only when one was made for them. */
  Future<Profile> me(Caller caller) {
    return caller.role() == Role.CUSTOMER ? profile(caller, caller.userId()) : existing(caller.userId());
  }

  private Future<Profile> existing(UUID id) {
    return profiles.byId(pool, id).compose(found -> found.map(Future::succeededFuture)
      .orElseGet(() -> Future.failedFuture(Problem.notFound("customer", id))));
  }
}
