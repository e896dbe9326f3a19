package org.fieldsync.server.export;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.fieldsync.server.account.Role.ADMIN;
import static org.fieldsync.server.account.Role.ANALYST;
import static org.fieldsync.server.account.Role.MANAGER;
import static org.fieldsync.server.http.Api.respond;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;
import org.fieldsync.server.http.Access;
import org.fieldsync.server.http.Api;
import org.fieldsync.server.http.Auth;
import org.fieldsync.server.http.JsonRequest;

/** Analyst exports: start one, follow its progress, download the zip (docs/export.md). */
public final class ExportRoutes {
  private static final Pattern INCLUDE = Pattern.compile("approved|all");
  private static final Pattern IDENTIFYING = Pattern.compile("drop|keep");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");
  private final ExportService exports;

  public ExportRoutes(ExportService exports) {
    this.exports = exports;
  }

  public void mount(Api api) {
    Access exporters = Access.roles(ADMIN, MANAGER, ANALYST);
    String base = "/api/v1/surveys/:surveyId/exports";
    api.route(POST, base, exporters, respond(202, this::start));
    api.route(GET, base, exporters, respond(200, ctx -> exports.list(ctx.pathParam("surveyId"))));
    api.route(GET, base + "/:exportId", exporters, respond(200, ctx -> exports.get(ctx.pathParam("surveyId"),
        ctx.pathParam("exportId"))));
    api.route(GET, base + "/:exportId/file", exporters, this::download);
  }

  private Future<JsonObject> start(RoutingContext ctx) {
    JsonRequest in = JsonRequest.of(ctx);
    String include = in.matching("include", false, INCLUDE,
        "approved (the default: approved interviews only) or all (every household's latest revision, with its "
            + "review state)");
    String identifying = in.matching("identifying", false, IDENTIFYING,
        "drop (the default: identifying variables dropped or coarsened) or keep (admins only)");
    String language = in.matching("language", false, LANGUAGE, "a language code of the questionnaire, such as en");
    in.done();
    return exports.start(Auth.principal(ctx), ctx.pathParam("surveyId"), "all".equals(include), identifying,
        language);
  }

  private void download(RoutingContext ctx) {
    exports.download(Auth.principal(ctx), ctx.pathParam("surveyId"), ctx.pathParam("exportId")).onComplete(r -> {
      if (r.failed()) {
        ctx.fail(r.cause());
        return;
      }
      ExportService.Download d = r.result();
      ctx.response()
          .putHeader("Content-Type", "application/zip")
          .putHeader("Content-Disposition", "attachment; filename=\"" + d.name() + "\"")
          .putHeader("Cache-Control", "no-store")
          .putHeader("Content-Encoding", "identity")
          .putHeader("Digest", "sha-256=" + java.util.Base64.getEncoder()
              .encodeToString(java.util.HexFormat.of().parseHex(d.sha256())))
          .putHeader("X-Content-SHA256", d.sha256())
          .sendFile(d.file().toString()).onFailure(ctx::fail);
    });
  }
}
