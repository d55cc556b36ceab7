import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * The floor of what GET /products/{id} can cost on this machine: a bare Vert.x 5 HTTP server
 * and pg client, one prepared query per request, no gateway, auth, contract or JSON mapping
 * beyond the row. One instance per core, as the TechEmpower Vert.x app runs. Run it with the
 * shop's jar as class path (it holds Vert.x and the pg client):
 *   java -cp launcher/target/shopifygenie.jar bench/RawProductApp.java PORT postgresql://postgres@127.0.0.1:5432/shopifygenie_catalog
 */
public final class RawProductApp extends VerticleBase {

  private static final String QUERY = "SELECT id, sku, title, currency, price_amount, status, version FROM products WHERE id = $1";

  private final int port;
  private final String url;
  private Pool pool;

  RawProductApp(int port, String url) {
    this.port = port;
    this.url = url;
  }

  public static void main(String[] args) {
    var port = Integer.parseInt(args[0]);
    var url = args[1];
    var cores = Runtime.getRuntime().availableProcessors();
    Vertx.vertx().deployVerticle(() -> new RawProductApp(port, url), new DeploymentOptions().setInstances(cores))
      .onSuccess(id -> System.out.println("raw app listening on " + port))
      .onFailure(e -> {
        e.printStackTrace();
        System.exit(1);
      });
  }

  @Override
  public Future<?> start() {
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8))
      .connectingTo(PgConnectOptions.fromUri(url).setCachePreparedStatements(true).setPipeliningLimit(256))
      .using(vertx).build();
    return vertx.createHttpServer().requestHandler(req -> {
      var path = req.path();
      UUID id;
      try {
        id = UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
      } catch (IllegalArgumentException e) {
        req.response().setStatusCode(400).end();
        return;
      }
      pool.preparedQuery(QUERY).execute(Tuple.of(id)).onComplete(ar -> {
        if (ar.failed()) {
          req.response().setStatusCode(500).end();
        } else if (ar.result().size() == 0) {
          req.response().setStatusCode(404).end();
        } else {
          req.response().putHeader("Content-Type", "application/json")
            .end(ar.result().iterator().next().toJson().encode());
        }
      });
    }).listen(port, "127.0.0.1");
  }

  @Override
  public Future<?> stop() {
    return pool.close();
  }
}
