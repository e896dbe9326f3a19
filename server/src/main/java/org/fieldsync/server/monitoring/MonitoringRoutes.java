package org.fieldsync.server.monitoring;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.fieldsync.server.account.Role.ADMIN;
import static org.fieldsync.server.account.Role.MANAGER;
import static org.fieldsync.server.account.Role.SUPERVISOR;
import static org.fieldsync.server.http.Api.respond;

import io.vertx.core.json.JsonObject;
import org.fieldsync.server.account.Principal;
import org.fieldsync.server.http.Access;
import org.fieldsync.server.http.Api;
import org.fieldsync.server.http.Auth;
import org.fieldsync.server.http.Problem;
import org.fieldsync.server.http.QueryParams;
import org.fieldsync.server.store.Blocking;

/** Coverage of a survey, its live event stream, the review queue and the coverage rebuild. */
public final class MonitoringRoutes {
  private final CoverageService coverage;
  private final CoverageEvents events;
  private final Blocking blocking;

  public MonitoringRoutes(CoverageService coverage, CoverageEvents events, Blocking blocking) {
    this.coverage = coverage;
    this.events = events;
    this.blocking = blocking;
  }

  public void mount(Api api) {
    String survey = "/api/v1/surveys/:surveyId";
    Access watchers = Access.roles(ADMIN, MANAGER, SUPERVISOR);
    api.route(GET, survey + "/coverage", watchers, respond(200, ctx -> coverage.coverage(Auth.principal(ctx),
        ctx.pathParam("surveyId"), QueryParams.optional(ctx.queryParams(), "stratum"), QueryParams.optional(ctx.queryParams(), "team"))));
    api.route(GET, survey + "/events", watchers, ctx -> {
      Principal actor = Auth.principal(ctx);
      String surveyId = ctx.pathParam("surveyId");
      // the same visibility check as coverage: a survey that exists, a role that may watch it
      blocking.run(() -> coverage.visibleTeams(actor, surveyId)).onComplete(r -> {
        if (r.failed()) {
          ctx.fail(r.cause());
        } else {
          events.watch(surveyId, ctx.response());
        }
      });
    });
    api.route(GET, survey + "/interviews", watchers, respond(200, ctx -> {
      var q = ctx.queryParams();
      String review = QueryParams.optional(q, "review");
      if (review != null && ReviewState.fromWire(review) == null) {
        throw Problem.invalidField("review", "use pendingReview, approvedBySupervisor, approvedByManager, rejected "
            + "or quarantined");
      }
      int limit = QueryParams.limit(q, 1000);
      return coverage.queue(Auth.principal(ctx), ctx.pathParam("surveyId"), review, QueryParams.optional(q, "team"),
          QueryParams.optional(q, "enumerator"), QueryParams.optional(q, "ea"), limit);
    }));
    api.route(POST, survey + "/coverage/rebuild", Access.roles(ADMIN, MANAGER), respond(200, ctx ->
        coverage.rebuildAsync(Auth.principal(ctx), ctx.pathParam("surveyId")).map(r -> new JsonObject()
            .put("surveyId", r.surveyId()).put("cells", r.cells()).put("households", r.households())
            .put("revisionsRead", r.revisionsRead()).put("millis", r.millis()))));
  }
}
