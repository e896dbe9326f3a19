package org.fieldsync.server.system;

import static io.vertx.core.http.HttpMethod.GET;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.fieldsync.server.http.Access;
import org.fieldsync.server.http.Api;
import org.fieldsync.server.http.Problem;
import org.fieldsync.server.http.ProblemType;
import org.fieldsync.server.store.Blocking;
import org.fieldsync.server.store.Mongo;

/**
 * Operations endpoints: liveness ({@code /health}: the process answers), readiness ({@code /ready}: the store
 * answers too), Prometheus metrics and the OpenAPI document. Public, as load balancers and scrapers expect; put
 * {@code /metrics} behind the proxy's access rules if it must not be public (docs/operations.md).
 */
public final class SystemRoutes {
  private final Mongo mongo;
  private final Blocking blocking;
  private final PrometheusMeterRegistry registry;
  private final String version;

  public SystemRoutes(Mongo mongo, Blocking blocking, PrometheusMeterRegistry registry, String version) {
    this.mongo = mongo;
    this.blocking = blocking;
    this.registry = registry;
    this.version = version;
  }

  public void mount(Api api) {
    api.route(GET, "/health", Access.PUBLIC, ctx -> ctx.json(new JsonObject().put("status", "up")
        .put("version", version)));
    api.route(GET, "/ready", Access.PUBLIC, ctx -> blocking.run(mongo::ping).onComplete(r -> {
      if (r.succeeded() && r.result()) {
        ctx.json(new JsonObject().put("status", "ready").put("store", mongo.embedded() ? "embedded" : "mongodb"));
      } else {
        ctx.fail(new Problem(ProblemType.STORE_UNAVAILABLE, "The store does not answer; the server is not ready."));
      }
    }));
    api.route(GET, "/metrics", Access.PUBLIC, PrometheusScrapingHandler.create(registry));
    String openApi = resource("/org/fieldsync/server/http/openapi.yaml");
    api.route(GET, "/openapi.yaml", Access.PUBLIC, ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml; charset=utf-8").end(openApi));
  }

  private static String resource(String name) {
    try (InputStream in = SystemRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
