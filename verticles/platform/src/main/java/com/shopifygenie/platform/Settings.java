package com.shopifygenie.platform;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The configuration of a node: config/default.yaml from the jar, then the file named on the
 * command line, then SHOPIFYGENIE_* environment variables, later ones winning.
 */
public final class Settings {

  /** An environment variable and the configuration path it overrides. */
  public record EnvSetting(String variable, String path, Function<String, Object> parse, String help) {}

  public static final List<EnvSetting> ENVIRONMENT = List.of(
    new EnvSetting("SHOPIFYGENIE_HTTP_PORT", "http.port", Integer::valueOf, "HTTP port of the gateway (5000)"),
    new EnvSetting("SHOPIFYGENIE_DB_URL", "db.url", s -> s,
      "postgresql://user:password@host:port of a PostgreSQL server; unset in dev mode: an embedded one"),
    new EnvSetting("SHOPIFYGENIE_DB_PREFIX", "db.prefix", s -> s, "database name prefix (shopifygenie_); database = prefix + domain"),
    new EnvSetting("SHOPIFYGENIE_ADMIN_EMAIL", "admin.email", s -> s, "super admin created on first start"),
    new EnvSetting("SHOPIFYGENIE_ADMIN_PASSWORD", "admin.password", s -> s, "its password"),
    new EnvSetting("SHOPIFYGENIE_DATA_DIR", "data_dir", s -> s, "where dev mode keeps its database and keys (.data)"),
    new EnvSetting("SHOPIFYGENIE_CORS_ORIGINS", "http.cors_origins",
      s -> new JsonArray(Arrays.stream(s.split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList()),
      "comma-separated origins allowed by CORS (*)"),
    new EnvSetting("SHOPIFYGENIE_RATE_LIMIT_PER_MINUTE", "rate_limit.per_minute", Integer::valueOf,
      "requests per client and minute (1200)"),
    new EnvSetting("SHOPIFYGENIE_AUTH_RATE_LIMIT_PER_MINUTE", "rate_limit.auth_per_minute", Integer::valueOf,
      "login and register requests per client and minute (20)"),
    new EnvSetting("SHOPIFYGENIE_EVENTS", "events.transport", s -> s, "event transport: local or kafka (local)"),
    new EnvSetting("SHOPIFYGENIE_KAFKA_BOOTSTRAP", "events.kafka_bootstrap", s -> s, "Kafka bootstrap servers host:port,..."),
    new EnvSetting("SHOPIFYGENIE_KAFKA_TOPIC_PREFIX", "events.kafka_topic_prefix", s -> s,
      "put before every Kafka topic and consumer group (none)"),
    new EnvSetting("SHOPIFYGENIE_EMBEDDED_KAFKA_PORT", "events.embedded_kafka_port", Integer::valueOf,
      "port of the broker `dev --kafka embedded` starts (9092)"),
    new EnvSetting("SHOPIFYGENIE_CLUSTER_HOST", "cluster.host", s -> s,
      "address this node binds and the other nodes reach it at, with --cluster (Hazelcast picks one)"),
    new EnvSetting("SHOPIFYGENIE_CLUSTER_PORT", "cluster.port", Integer::valueOf, "Hazelcast member port, with --cluster (5701)"),
    new EnvSetting("SHOPIFYGENIE_CLUSTER_MEMBERS", "cluster.members",
      s -> new JsonArray(Arrays.stream(s.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList()),
      "comma-separated host[:port] of cluster members to join by TCP-IP, with --cluster"),
    new EnvSetting("SHOPIFYGENIE_CLUSTER_BUS_PORT", "cluster.bus_port", Integer::valueOf,
      "port of the clustered event bus, with --cluster (0: any free one)"),
    new EnvSetting("SHOPIFYGENIE_JWT_PRIVATE_KEY_FILE", "auth.private_key_file", s -> s, "PEM private key (PKCS#8) signing access tokens"),
    new EnvSetting("SHOPIFYGENIE_JWT_PUBLIC_KEY_FILE", "auth.public_key_file", s -> s, "PEM public key verifying them"));

  private Settings() {}

  /** Loads the layered configuration; {@code file} may be null. */
  public static Future<JsonObject> load(Vertx vertx, String file, Map<String, String> environment) {
    var options = new ConfigRetrieverOptions().setIncludeDefaultStores(false)
      .addStore(yaml("config/default.yaml", false));
    if (file != null) {
      options.addStore(yaml(file, false));
    }
    var retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
      .map(config -> withEnvironment(config, environment))
      .onComplete(done -> retriever.close());
  }

  private static ConfigStoreOptions yaml(String path, boolean optional) {
    return new ConfigStoreOptions().setType("file").setFormat("yaml").setOptional(optional)
      .setConfig(new JsonObject().put("path", path));
  }

  /** Applies SHOPIFYGENIE_* variables on top of a configuration. */
  public static JsonObject withEnvironment(JsonObject config, Map<String, String> environment) {
    var result = config.copy();
    for (var setting : ENVIRONMENT) {
      var value = environment.get(setting.variable());
      if (value != null && !value.isBlank()) {
        Object parsed;
        try {
          parsed = setting.parse().apply(value.trim());
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(setting.variable() + ": not a valid value: " + value);
        }
        put(result, setting.path(), parsed);
      }
    }
    return result;
  }

  /** Sets a dotted path, creating the objects on the way. */
  public static JsonObject put(JsonObject config, String path, Object value) {
    var parts = path.split("\\.");
    var node = config;
    for (int i = 0; i < parts.length - 1; i++) {
      var next = node.getJsonObject(parts[i]);
      if (next == null) {
        next = new JsonObject();
        node.put(parts[i], next);
      }
      node = next;
    }
    node.put(parts[parts.length - 1], value);
    return config;
  }

  /** The object at a dotted path, or an empty one. */
  public static JsonObject section(JsonObject config, String name) {
    var section = config.getJsonObject(name);
    return section == null ? new JsonObject() : section;
  }
}
