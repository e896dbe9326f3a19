package org.fieldsync.server.http;

import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/** Writes wire records (never stored documents) as JSON. */
public final class Responses {
  private Responses() {}

  public static void json(RoutingContext ctx, int status, Object body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(Json.encode(body));
  }

  public static void ok(RoutingContext ctx, Object body) {
    json(ctx, 200, body);
  }

  public static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }

  static void problem(RoutingContext ctx, Problem problem) {
    var response = ctx.response()
        .setStatusCode(problem.type().status())
        .putHeader("Content-Type", "application/problem+json; charset=utf-8")
        .putHeader("Cache-Control", "no-store");
    if (problem.type().status() == 401) {
      response.putHeader("WWW-Authenticate", "Bearer realm=\"fieldsync\"");
    }
    if (problem.details().containsKey("retryAfterSeconds")) {
      response.putHeader("Retry-After", String.valueOf(problem.details().getLong("retryAfterSeconds")));
    }
    response.end(problem.toJson().encode());
  }
}
