package org.fieldsync.server.questionnaire;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.fieldsync.server.account.Role.ADMIN;
import static org.fieldsync.server.account.Role.MANAGER;
import static org.fieldsync.server.http.Api.respond;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import org.fieldsync.server.http.Access;
import org.fieldsync.server.http.Api;
import org.fieldsync.server.http.Auth;
import org.fieldsync.server.http.JsonRequest;
import org.fieldsync.server.http.Problem;
import org.fieldsync.server.http.Responses;

/**
 * Questionnaire versions: managers publish and retire; every logged-in user (tablets included) lists, downloads
 * and validates. Downloads carry a strong ETag (the content hash) and are cacheable forever: a version never
 * changes.
 */
public final class QuestionnaireRoutes {
  private final QuestionnaireService questionnaires;

  public QuestionnaireRoutes(QuestionnaireService questionnaires) {
    this.questionnaires = questionnaires;
  }

  public void mount(Api api) {
    String version = "/api/v1/questionnaires/:formId/versions/:version";
    api.route(POST, "/api/v1/questionnaires", Access.roles(ADMIN, MANAGER), this::publish);
    api.route(GET, "/api/v1/questionnaires", Access.ANY_USER,
        respond(200, ctx -> questionnaires.list(ctx.queryParams().get("formId"))));
    api.route(GET, version, Access.ANY_USER.orDevice(), this::download);
    api.route(POST, version + "/retire", Access.roles(ADMIN, MANAGER),
        respond(200, ctx -> questionnaires.retire(Auth.principal(ctx), ctx.pathParam("formId"), version(ctx))));
    api.route(POST, version + "/validate", Access.ANY_USER, respond(200, this::validate));
    api.route(GET, version + "/diff", Access.ANY_USER, respond(200, this::diff));
  }

  private void publish(RoutingContext ctx) {
    JsonRequest.bodyObject(ctx); // a clear request.not-json before the linter sees it
    questionnaires.publish(Auth.principal(ctx), ctx.body().buffer().getBytes())
        .compose(result -> Api.durable(ctx).map(v -> result)).onComplete(r -> {
      if (r.failed()) {
        ctx.fail(r.cause());
        return;
      }
      PublishResult result = r.result();
      QuestionnaireVersionView v = result.questionnaire();
      ctx.response().putHeader("Location", "/api/v1/questionnaires/" + v.formId() + "/versions/" + v.version());
      Responses.json(ctx, result.created() ? 201 : 200, result);
    });
  }

  private void download(RoutingContext ctx) {
    questionnaires.document(ctx.pathParam("formId"), version(ctx)).onComplete(r -> {
      if (r.failed()) {
        ctx.fail(r.cause());
        return;
      }
      String etag = "\"" + r.result().view().sha256() + "\"";
      ctx.response()
          .putHeader("ETag", etag)
          .putHeader("Cache-Control", "private, max-age=31536000, immutable");
      String ifNoneMatch = ctx.request().getHeader("If-None-Match");
      if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
        ctx.response().setStatusCode(304).end();
        return;
      }
      ctx.response().putHeader("Content-Type", "application/schema+json; charset=utf-8").end(r.result().content());
    });
  }

  private Future<ValidationView> validate(RoutingContext ctx) {
    var body = ctx.body().buffer();
    byte[] bytes = body == null ? new byte[0] : body.getBytes();
    return questionnaires.validate(ctx.pathParam("formId"), version(ctx), bytes, ctx.queryParams().get("lang"));
  }

  private Future<PublishResult.DiffView> diff(RoutingContext ctx) {
    String from = ctx.queryParams().get("from");
    if (from == null) {
      throw Problem.invalidField("from", "is required: the version to compare with, e.g. ?from=1");
    }
    return questionnaires.diff(ctx.pathParam("formId"), version(ctx), positiveInt("from", from));
  }

  private static int version(RoutingContext ctx) {
    return positiveInt("version", ctx.pathParam("version"));
  }

  private static int positiveInt(String field, String value) {
    try {
      int v = Integer.parseInt(value);
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Problem.invalidField(field, "must be a whole number from 1 up, got '" + value + "'");
  }
}
