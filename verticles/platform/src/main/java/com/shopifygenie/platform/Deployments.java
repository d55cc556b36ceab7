package com.shopifygenie.platform;

import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/** Deploys a verticle built from the settings, as many instances of it as it asks for. */
public final class Deployments {

  private Deployments() {}

  public static Future<String> deploy(Vertx vertx, Function<JsonObject, Deployable> verticle, JsonObject settings) {
    var first = verticle.apply(settings);
    var instances = first instanceof Replicated replicated ? replicated.instances() : 1;
    if (instances <= 1) {
      return vertx.deployVerticle(first);
    }
    // the first instance was built to learn the count: hand it out, then build the rest
    var firstTaken = new AtomicBoolean();
    return vertx.deployVerticle(() -> firstTaken.getAndSet(true) ? verticle.apply(settings) : first,
      new DeploymentOptions().setInstances(instances));
  }
}
