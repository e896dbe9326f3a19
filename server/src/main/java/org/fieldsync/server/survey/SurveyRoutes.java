package org.fieldsync.server.survey;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.fieldsync.server.account.Role.ADMIN;
import static org.fieldsync.server.account.Role.MANAGER;
import static org.fieldsync.server.account.Role.SUPERVISOR;
import static org.fieldsync.server.http.Api.respond;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.regex.Pattern;
import org.fieldsync.server.http.Access;
import org.fieldsync.server.http.Api;
import org.fieldsync.server.http.Auth;
import org.fieldsync.server.http.JsonRequest;

/** Surveys and teams. Managers and admins create them; everyone logged in can see surveys. */
public final class SurveyRoutes {
  static final Pattern SURVEY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,39}");
  private final SurveyService surveys;

  public SurveyRoutes(SurveyService surveys) {
    this.surveys = surveys;
  }

  public void mount(Api api) {
    api.route(POST, "/api/v1/surveys", Access.roles(ADMIN, MANAGER), respond(201, this::create));
    api.route(GET, "/api/v1/surveys", Access.ANY_USER, respond(200, ctx -> surveys.list()));
    api.route(GET, "/api/v1/surveys/:surveyId", Access.ANY_USER,
        respond(200, ctx -> surveys.get(ctx.pathParam("surveyId"))));
    api.route(POST, "/api/v1/surveys/:surveyId/teams", Access.roles(ADMIN, MANAGER), respond(201, this::createTeam));
    api.route(GET, "/api/v1/surveys/:surveyId/teams", Access.roles(ADMIN, MANAGER, SUPERVISOR),
        respond(200, ctx -> surveys.teams(Auth.principal(ctx), ctx.pathParam("surveyId"))));
  }

  private Future<SurveyView> create(RoutingContext ctx) {
    JsonRequest in = JsonRequest.of(ctx);
    String id = in.matching("id", true, SURVEY_ID,
        "must be 2 to 40 characters: lowercase letters, digits and '-', starting with a letter or digit");
    String name = in.string("name", true, 1, 200);
    String description = in.string("description", false, 0, 4000);
    in.done();
    return surveys.create(Auth.principal(ctx), id, name, description);
  }

  private Future<TeamView> createTeam(RoutingContext ctx) {
    JsonRequest in = JsonRequest.of(ctx);
    String name = in.string("name", true, 1, 200);
    String supervisor = in.string("supervisor", true, 1, 100);
    List<String> enumerators = in.list("enumerators", true, 0, s -> s.isBlank() ? null : s,
        "must be a user id or username");
    in.done();
    return surveys.createTeam(Auth.principal(ctx), ctx.pathParam("surveyId"), name, supervisor, enumerators);
  }
}
