package org.fieldsync.server.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * The route table. Features add their endpoints here with the access each requires; the table is what the OpenAPI
 * consistency test and the role-refusal test walk.
 */
public final class Api {
  /** One endpoint as declared: method, path in Vert.x syntax ({@code /users/:id}), who may call it. */
  public record Endpoint(HttpMethod method, String path, Access access) {
    /** The path in OpenAPI syntax: {@code /users/{id}}. */
    public String openApiPath() {
      return path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
    }
  }

  private final Router router;
  private final Auth auth;
  private final long maxBodyBytes;
  private final List<Endpoint> endpoints = new ArrayList<>();

  /** @param maxBodyBytes the body limit of every route that does not set its own ({@code http.max-body-bytes}) */
  public Api(Router router, Auth auth, long maxBodyBytes) {
    this.router = router;
    this.auth = auth;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * Declares an endpoint: the body is read (up to the default limit), the access check runs, then the handlers in
   * order.
   *
   * @return the route, for extra handlers
   */
  @SafeVarargs
  public final Route route(HttpMethod method, String path, Access access, Handler<RoutingContext>... handlers) {
    return route(method, path, access, maxBodyBytes, handlers);
  }

  /** As {@link #route(HttpMethod, String, Access, Handler[])} with its own body limit (large uploads). */
  @SafeVarargs
  public final Route route(HttpMethod method, String path, Access access, long bodyLimit,
      Handler<RoutingContext>... handlers) {
    endpoints.add(new Endpoint(method, path, access));
    Route route = router.route(method, path)
        .handler(BodyHandler.create(false).setBodyLimit(bodyLimit))
        .handler(auth.check(access));
    for (Handler<RoutingContext> h : handlers) {
      route.handler(h);
    }
    return route;
  }

  static final String DURABILITY = "fieldsync.durability";

  /**
   * Adapts a use case returning a future to a handler that writes its result with the given status. The answer to
   * any request but a GET waits until what the use case wrote is durable ({@link #durable}): a client that got a
   * 2xx may rely on it surviving a crash.
   */
  public static <T> Handler<RoutingContext> respond(int status, Function<RoutingContext, Future<T>> useCase) {
    return ctx -> {
      Future<T> future;
      try {
        future = useCase.apply(ctx);
        if (ctx.request().method() != HttpMethod.GET) {
          future = future.compose(result -> durable(ctx).map(v -> result));
        }
      } catch (RuntimeException e) {
        ctx.fail(e);
        return;
      }
      future.onComplete(r -> {
        if (r.failed()) {
          ctx.fail(r.cause());
        } else if (r.result() == null) {
          Responses.noContent(ctx);
        } else {
          Responses.json(ctx, status, r.result());
        }
      });
    };
  }

  static final String CLIENT = "fieldsync.client";

  /**
   * The client's address: the connection's peer, or the first address of {@code X-Forwarded-For} when the server
   * is configured to trust its reverse proxy ({@code http.trust-proxy}).
   */
  public static String clientAddress(RoutingContext ctx) {
    String forwarded = Boolean.TRUE.equals(ctx.get(CLIENT)) ? ctx.request().getHeader("X-Forwarded-For") : null;
    if (forwarded != null && !forwarded.isBlank()) {
      return forwarded.split(",")[0].trim();
    }
    var peer = ctx.request().remoteAddress();
    return peer == null ? "unknown" : peer.host();
  }

  /** Whether {@link #clientAddress} may believe {@code X-Forwarded-For}. */
  public void trustProxy(boolean trust) {
    router.route().order(-1).handler(ctx -> {
      ctx.put(CLIENT, trust);
      ctx.next();
    });
  }

  /**
   * Completes once every write made so far is durable (group commit on the embedded store; at once on a real
   * MongoDB, whose writes were acknowledged with majority and journal).
   */
  public static Future<Void> durable(RoutingContext ctx) {
    java.util.function.Supplier<Future<Void>> d = ctx.get(DURABILITY);
    return d == null ? Future.succeededFuture() : d.get();
  }

  /** Makes {@link #durable} use this store's durability for every request. */
  public void durability(java.util.function.Supplier<Future<Void>> durability) {
    router.route().order(-1).handler(ctx -> {
      ctx.put(DURABILITY, durability);
      ctx.next();
    });
  }

  public List<Endpoint> endpoints() {
    return Collections.unmodifiableList(endpoints);
  }

  public Router router() {
    return router;
  }
}
