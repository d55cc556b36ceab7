package com.shopifygenie.accounting;

import com.shopifygenie.platform.DomainRuntime;
import com.shopifygenie.platform.IdempotencyKeys;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;

/** Wires the accounting domain: runtime, stores, the events it consumes, operations. Nothing else. */
public final class AccountingVerticle extends VerticleBase {

  private final JsonObject settings;
  private DomainRuntime runtime;

  public AccountingVerticle(JsonObject settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    return DomainRuntime.open(vertx, settings, AccountingEvents.SOURCE).compose(r -> {
      runtime = r;
      var accounts = new AccountStore();
      var journal = new JournalStore();
      var periods = new PeriodStore();
      var ledger = new Ledger(accounts, journal, periods);
      var idempotency = new IdempotencyKeys(r.pool());
      new AccountingEventHandlers(ledger).register(r.inbox());
      var operations = new HashMap<>(new AccountOperations(r.pool(), accounts).handlers());
      operations.putAll(new JournalOperations(r.pool(), accounts, journal, periods, ledger, idempotency).handlers());
      operations.putAll(new ReportOperations(r.pool(), accounts).handlers());
      return r.serve(operations);
    });
  }

  @Override
  public Future<?> stop() {
    return runtime == null ? Future.succeededFuture() : runtime.close();
  }
}
