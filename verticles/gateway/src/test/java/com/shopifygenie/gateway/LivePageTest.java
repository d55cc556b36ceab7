package com.shopifygenie.gateway;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** EventSource has no wildcard listener: the live page names every type the shop emits, or never shows it. */
class LivePageTest {

  @Test
  void thePageListensForEveryEventTypeTheSchemasDefine() throws Exception {
    String script;
    try (var in = getClass().getClassLoader().getResourceAsStream("live-page/live.js")) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    var start = script.indexOf("const TYPES = [");
    var list = script.substring(start, script.indexOf("];", start));
    var listened = new TreeSet<String>();
    var quoted = Pattern.compile("'([a-z_.]+)'").matcher(list);
    while (quoted.find()) {
      listened.add(quoted.group(1));
    }
    Set<String> defined;
    try (var schemas = Files.list(Path.of("../../schemas/events"))) {
      defined = schemas.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("shopifygenie.") && n.endsWith(".json"))
        .map(n -> n.substring("shopifygenie.".length(), n.length() - ".json".length()))
        .collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(defined, listened);
  }
}
