package org.fieldsync.server.sampling;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.fieldsync.server.account.Role.ADMIN;
import static org.fieldsync.server.account.Role.ANALYST;
import static org.fieldsync.server.account.Role.MANAGER;
import static org.fieldsync.server.account.Role.SUPERVISOR;
import static org.fieldsync.server.http.Api.respond;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.fieldsync.server.http.Access;
import org.fieldsync.server.http.Api;
import org.fieldsync.server.http.Auth;
import org.fieldsync.server.http.JsonRequest;
import org.fieldsync.server.http.Problem;
import org.fieldsync.server.http.ProblemType;
import org.fieldsync.server.sampling.SamplingViews.Precision;

/**
 * Sample planning over HTTP: frames, plans (preview, freeze, record), selected EAs, listings and assignments.
 * Survey managers (and admins) plan; supervisors upload listings and see the sample; analysts read it.
 */
public final class SamplingRoutes {
  private final SamplingService sampling;
  private final long maxFrameBytes;

  public SamplingRoutes(SamplingService sampling, long maxFrameBytes) {
    this.sampling = sampling;
    this.maxFrameBytes = maxFrameBytes;
  }

  public void mount(Api api) {
    String survey = "/api/v1/surveys/:surveyId";
    String plan = survey + "/plans/:planId";
    Access planners = Access.roles(ADMIN, MANAGER);
    Access readers = Access.roles(ADMIN, MANAGER, SUPERVISOR, ANALYST);
    api.route(POST, survey + "/frames", planners, maxFrameBytes, respond(201, this::uploadFrame));
    api.route(GET, survey + "/frames", Access.roles(ADMIN, MANAGER, ANALYST),
        respond(200, ctx -> sampling.frames(ctx.pathParam("surveyId"))));
    api.route(POST, survey + "/plans", planners, respond(201, this::createPlan));
    api.route(GET, survey + "/plans", readers, respond(200, ctx -> sampling.listPlans(ctx.pathParam("surveyId"))));
    api.route(GET, plan, readers,
        respond(200, ctx -> sampling.getPlan(ctx.pathParam("surveyId"), ctx.pathParam("planId"))));
    api.route(GET, plan + "/record", Access.roles(ADMIN, MANAGER, ANALYST),
        respond(200, ctx -> sampling.planRecord(ctx.pathParam("surveyId"), ctx.pathParam("planId"))));
    api.route(POST, plan + "/freeze", planners, respond(200, ctx -> sampling.freeze(Auth.principal(ctx),
        ctx.pathParam("surveyId"), ctx.pathParam("planId"))));
    api.route(GET, plan + "/eas", readers,
        respond(200, ctx -> sampling.sampleEas(ctx.pathParam("surveyId"), ctx.pathParam("planId"))));
    api.route(PUT, plan + "/eas/:psuId/listing", Access.roles(ADMIN, MANAGER, SUPERVISOR),
        respond(200, this::uploadListing));
    api.route(GET, survey + "/assignments", readers, respond(200, ctx -> sampling.assignments(
        ctx.pathParam("surveyId"), ctx.queryParams().get("planId"), ctx.queryParams().get("ea"),
        ctx.queryParams().get("kind"))));
  }

  private Future<SamplingViews.FrameView> uploadFrame(RoutingContext ctx) {
    var body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw new Problem(ProblemType.FRAME_INVALID, "Send the frame as CSV in the request body "
          + "(Content-Type: text/csv); docs/sampling.md lists its columns.");
    }
    return sampling.uploadFrame(Auth.principal(ctx), ctx.pathParam("surveyId"), ctx.queryParams().get("name"),
        body.getBytes());
  }

  private Future<SamplingViews.PlanView> createPlan(RoutingContext ctx) {
    JsonRequest in = JsonRequest.of(ctx);
    String frame = in.string("frameSha256", true, 64, 64);
    JsonObject design = in.raw().getValue("design") instanceof JsonObject d ? d : null;
    if (design == null) {
      in.error("design", "is required: an object of design parameters (docs/sampling.md)");
    }
    Long seed = null;
    Object s = in.raw().getValue("seed");
    if (s instanceof Number n && n.doubleValue() == n.longValue()) {
      seed = n.longValue();
    } else if (s instanceof String text && text.matches("-?\\d{1,19}")) {
      seed = Long.parseLong(text);
    } else if (s != null) {
      in.error("seed", "must be a whole number (64-bit), as a number or a string");
    }
    Precision precision = precision(in);
    in.done();
    Map<String, Object> designMap = design.getMap();
    return sampling.createPlan(Auth.principal(ctx), ctx.pathParam("surveyId"), frame, designMap, seed, precision);
  }

  private static Precision precision(JsonRequest in) {
    Object p = in.raw().getValue("precision");
    if (p == null) {
      return Precision.DEFAULT;
    }
    if (!(p instanceof JsonObject o)) {
      in.error("precision", "must be an object {p, rho, alpha, power}");
      return Precision.DEFAULT;
    }
    Precision d = Precision.DEFAULT;
    double prop = number(in, o, "p", d.p(), 0, 1);
    double rho = number(in, o, "rho", d.rho(), 0, 1);
    double alpha = number(in, o, "alpha", d.alpha(), 0, 1);
    double power = number(in, o, "power", d.power(), 0, 1);
    return new Precision(prop, rho, alpha, power);
  }

  private static double number(JsonRequest in, JsonObject o, String name, double fallback, double lo, double hi) {
    Object v = o.getValue(name);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n) || n.doubleValue() < lo || n.doubleValue() >= hi || (name.equals("p")
        || name.equals("alpha") || name.equals("power")) && n.doubleValue() <= lo) {
      in.error("precision/" + name, "must be a number in (" + lo + ", " + hi + ")");
      return fallback;
    }
    return n.doubleValue();
  }

  private Future<SamplingViews.ListingResult> uploadListing(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    boolean json = contentType != null && contentType.toLowerCase().startsWith("application/json");
    JsonObject jsonBody = json ? JsonRequest.bodyObject(ctx) : null;
    return sampling.uploadListing(Auth.principal(ctx), ctx.pathParam("surveyId"), ctx.pathParam("planId"),
        ctx.pathParam("psuId"), body, jsonBody);
  }
}
