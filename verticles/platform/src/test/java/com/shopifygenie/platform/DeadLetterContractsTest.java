package com.shopifygenie.platform;

import io.vertx.core.json.JsonObject;
import io.vertx.openapi.impl.Utils;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dead-letter operations are the platform's (DeadLetterOperations), so every contract that
 * offers them must describe them alike: the operations, and the DeadLetter, DeadLetterPage and
 * Replay schemas. The contracts cannot share one file (the docs, the fuzz test and generated
 * clients read each contract alone), so this keeps the copies from drifting apart.
 */
class DeadLetterContractsTest {

  static final Set<String> OPERATIONS = Set.of("listDeadLetters", "replayDeadLetter");
  static final Set<String> SCHEMAS = Set.of("DeadLetter", "DeadLetterPage", "Replay");

  @Test
  void everyContractThatOffersDeadLettersDescribesThemAlike() throws Exception {
    var described = new TreeMap<String, JsonObject>();
    var dir = Path.of(getClass().getClassLoader().getResource("schemas/openapi").toURI());
    try (var files = Files.list(dir)) {
      for (var file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        var contract = Utils.yamlStringToJson(Files.readString(file)).await();
        var deadLetters = deadLetters(contract);
        if (!deadLetters.isEmpty()) {
          described.put(file.getFileName().toString(), deadLetters);
        }
      }
    }
    assertTrue(described.keySet().containsAll(Set.of("catalog.yaml", "orders.yaml")), described::toString);
    var model = described.firstEntry();
    for (Map.Entry<String, JsonObject> other : described.entrySet()) {
      assertEquals(model.getValue(), other.getValue(), other.getKey() + " describes dead letters unlike " + model.getKey());
    }
  }

  /** The dead-letter path items (the domain's prefix taken out of the path) and schemas of a contract. */
  static JsonObject deadLetters(JsonObject contract) {
    var found = new JsonObject();
    var paths = contract.getJsonObject("paths", new JsonObject());
    for (var path : paths.fieldNames()) {
      var item = paths.getJsonObject(path);
      var offered = item.fieldNames().stream().map(item::getValue)
        .anyMatch(o -> o instanceof JsonObject op && OPERATIONS.contains(op.getString("operationId")));
      if (offered) {
        found.put(path.replaceFirst("^/[^/]+/", "/{domain}/"), item);
      }
    }
    if (found.isEmpty()) {
      return found;
    }
    var schemas = contract.getJsonObject("components").getJsonObject("schemas");
    SCHEMAS.forEach(name -> found.put(name, schemas.getJsonObject(name)));
    return found;
  }
}
