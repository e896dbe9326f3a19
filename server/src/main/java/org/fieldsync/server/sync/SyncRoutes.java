package org.fieldsync.server.sync;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.fieldsync.server.account.Role.ADMIN;
import static org.fieldsync.server.account.Role.MANAGER;
import static org.fieldsync.server.account.Role.SUPERVISOR;
import static org.fieldsync.server.http.Api.respond;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.fieldsync.client.Envelope;
import org.fieldsync.client.Receipt;
import org.fieldsync.server.http.Access;
import org.fieldsync.server.http.Api;
import org.fieldsync.server.http.Auth;
import org.fieldsync.server.http.JsonRequest;
import org.fieldsync.server.http.Problem;
import org.fieldsync.server.http.ProblemType;

/**
 * Tablet sync (docs/sync-protocol.md): supervisors and managers issue enrolment codes and revoke devices; a tablet
 * enrols with a code, then pulls and pushes with its device token.
 */
public final class SyncRoutes {
  private final SyncService sync;
  private final long maxEnvelopeBytes;
  private final String publicUrl;

  /** @param publicUrl the URL tablets reach the server at ({@code http.public-url}); null: taken from the request */
  public SyncRoutes(SyncService sync, long maxEnvelopeBytes, String publicUrl) {
    this.sync = sync;
    this.maxEnvelopeBytes = maxEnvelopeBytes;
    this.publicUrl = publicUrl;
  }

  public void mount(Api api) {
    Access fieldStaff = Access.roles(ADMIN, MANAGER, SUPERVISOR);
    api.route(POST, "/api/v1/surveys/:surveyId/enrolments", fieldStaff, respond(201, this::issue));
    api.route(GET, "/api/v1/surveys/:surveyId/devices", fieldStaff,
        respond(200, ctx -> sync.devices(Auth.principal(ctx), ctx.pathParam("surveyId"))));
    api.route(POST, "/api/v1/surveys/:surveyId/keys/rotate", Access.roles(ADMIN, MANAGER),
        respond(200, ctx -> sync.rotateKey(Auth.principal(ctx), ctx.pathParam("surveyId"))));
    api.route(POST, "/api/v1/devices/enrol", Access.PUBLIC, respond(201, this::enrol));
    api.route(POST, "/api/v1/devices/:deviceId/revoke", fieldStaff, respond(200, this::revoke));
    api.route(GET, "/api/v1/sync/pull", Access.DEVICE,
        respond(200, ctx -> sync.pull(Auth.principal(ctx), ctx.queryParams().get("cursor"))));
    api.route(PUT, "/api/v1/sync/interviews/:interviewId/revisions/:revision", Access.DEVICE, maxEnvelopeBytes,
        this::push);
  }

  private Future<JsonObject> issue(RoutingContext ctx) {
    JsonRequest in = JsonRequest.of(ctx);
    String enumerator = in.string("enumerator", true, 1, 100);
    Object ttl = in.raw().getValue("ttlMinutes");
    int minutes = 15;
    if (ttl != null) {
      if (ttl instanceof Number n && n.intValue() == n.doubleValue() && n.intValue() >= 1 && n.intValue() <= 1440) {
        minutes = n.intValue();
      } else {
        in.error("ttlMinutes", "must be a whole number of minutes from 1 to 1440");
      }
    }
    in.done();
    String base = publicUrl != null ? publicUrl
        : (ctx.request().isSSL() ? "https" : "http") + "://" + ctx.request().authority();
    return sync.issueEnrolment(Auth.principal(ctx), ctx.pathParam("surveyId"), enumerator, minutes, base);
  }

  private Future<JsonObject> enrol(RoutingContext ctx) {
    JsonRequest in = JsonRequest.of(ctx);
    String code = in.string("code", true, 1, 64);
    String publicKey = in.string("publicKey", true, 43, 44);
    String proof = in.string("proof", true, 86, 88);
    String name = in.string("deviceName", true, 1, 100);
    String version = in.string("appVersion", true, 1, 50);
    in.done();
    return sync.enrol(code, publicKey, proof, name, version, Api.clientAddress(ctx));
  }

  private Future<JsonObject> revoke(RoutingContext ctx) {
    var body = ctx.body().buffer();
    String reason = null;
    if (body != null && body.length() > 0) {
      JsonRequest in = JsonRequest.of(ctx);
      reason = in.string("reason", false, 0, 500);
      in.done();
    }
    return sync.revoke(Auth.principal(ctx), ctx.pathParam("deviceId"), reason);
  }

  private void push(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith(Envelope.MEDIA_TYPE)) {
      ctx.fail(new Problem(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the envelope with Content-Type: "
          + Envelope.MEDIA_TYPE + "."));
      return;
    }
    int revision;
    try {
      revision = Integer.parseInt(ctx.pathParam("revision"));
    } catch (NumberFormatException e) {
      ctx.fail(Problem.invalidField("revision", "must be a whole number from 1 up"));
      return;
    }
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    sync.push(Auth.principal(ctx), ctx.pathParam("interviewId"), revision, body).onComplete(r -> {
      if (r.failed()) {
        ctx.fail(r.cause());
        return;
      }
      ctx.response().setStatusCode(r.result().status()).putHeader("Content-Type", Receipt.MEDIA_TYPE)
          .putHeader("Cache-Control", "no-store").end(io.vertx.core.buffer.Buffer.buffer(r.result().receipt()));
    });
  }
}
