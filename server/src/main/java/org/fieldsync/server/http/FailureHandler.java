package org.fieldsync.server.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every failure as {@code {code, message, details}}. Problems are the client's doing and are logged in one
 * line; anything else is a bug: it becomes a 500 whose correlation id is both logged (with the stack trace) and
 * returned, so an operator can find it from a user's report.
 */
public final class FailureHandler implements Handler<RoutingContext> {
  private final long maxEnvelopeBytes;

  /** @param maxEnvelopeBytes the sync upload limit, named in {@code upload.too-large} answers */
  public FailureHandler(long maxEnvelopeBytes) {
    this.maxEnvelopeBytes = maxEnvelopeBytes;
  }
  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    Problem problem = toProblem(ctx);
    if (ctx.response().headWritten()) {
      ctx.request().connection().close();
      return;
    }
    if (problem.type().status() >= 500) {
      LOG.error("{} {} -> {} [{}]", ctx.request().method(), ctx.request().path(), problem.type().code(),
          problem.details().getString("correlationId"), ctx.failure());
    } else {
      LOG.info("{} {} -> {} {}", ctx.request().method(), ctx.request().path(), problem.type().status(),
          problem.type().code());
    }
    Responses.problem(ctx, problem);
  }

  private Problem toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof Problem p) {
      return p;
    }
    int status = ctx.statusCode();
    if (failure instanceof HttpException http) {
      status = http.getStatusCode();
    }
    switch (status) {
      case 401:
        return new Problem(ProblemType.AUTH_REQUIRED, "Log in first: send 'Authorization: Bearer <token>'.");
      case 403:
        return Problem.forbidden("You may not do this.");
      case 404:
        return new Problem(ProblemType.NOT_FOUND, "No such resource: " + ctx.request().path());
      case 405:
        return new Problem(ProblemType.METHOD_NOT_ALLOWED,
            ctx.request().method() + " is not allowed on " + ctx.request().path());
      case 413:
        if (ctx.request().path().startsWith("/api/v1/sync/")) { // the sync protocol's own code for it
          return new Problem(ProblemType.UPLOAD_TOO_LARGE, "The envelope is larger than the server accepts "
              + "(sync.max-envelope-bytes).", new JsonObject().put("maxBytes", maxEnvelopeBytes));
        }
        return new Problem(ProblemType.REQUEST_TOO_LARGE, "The request body is larger than the server accepts.");
      case 415:
        return new Problem(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the body with a supported Content-Type.");
      case 400:
        if (failure == null || failure instanceof HttpException) {
          return new Problem(ProblemType.REQUEST_INVALID,
              failure == null || failure.getMessage() == null ? "The request is malformed." : failure.getMessage());
        }
        // fall through: a 400 caused by an exception we did not expect is still our bug
      default:
        String id = UUID.randomUUID().toString();
        return new Problem(ProblemType.INTERNAL,
            "Something went wrong on the server. Quote correlation id " + id + " when reporting it.",
            new JsonObject().put("correlationId", id));
    }
  }
}
