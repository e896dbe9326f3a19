package org.fieldsync.server.survey;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fieldsync.server.account.AccountStore;
import org.fieldsync.server.account.Principal;
import org.fieldsync.server.account.Role;
import org.fieldsync.server.account.User;
import org.fieldsync.server.audit.AuditLog;
import org.fieldsync.server.http.Problem;
import org.fieldsync.server.http.ProblemType;
import org.fieldsync.server.store.Blocking;

/**
 * Surveys and their field teams. A team has one supervisor and any number of enumerators; an enumerator belongs to
 * at most one team per survey (so their work rolls up to one supervisor).
 */
public final class SurveyService {
  private final SurveyStore store;
  private final AccountStore accounts;
  private final AuditLog audit;
  private final Blocking blocking;
  private final Clock clock;

  public SurveyService(SurveyStore store, AccountStore accounts, AuditLog audit, Blocking blocking, Clock clock) {
    this.store = store;
    this.accounts = accounts;
    this.audit = audit;
    this.blocking = blocking;
    this.clock = clock;
  }

  public Future<SurveyView> create(Principal actor, String id, String name, String description) {
    return blocking.run(() -> createNow(actor, id, name, description));
  }

  /** The blocking body of {@link #create}, for the demo. */
  public SurveyView createNow(Principal actor, String id, String name, String description) {
    SurveyView survey = new SurveyView(id, name, description, clock.instant(), actor.username());
    if (!store.insertSurvey(survey)) {
      throw new Problem(ProblemType.SURVEY_EXISTS, "A survey with id '" + id + "' exists already: choose another id.");
    }
    audit.record(actor, "survey.created", "survey", id, Map.of("name", name));
    return survey;
  }

  public Future<List<SurveyView>> list() {
    return blocking.run(store::listSurveys);
  }

  public Future<SurveyView> get(String id) {
    return blocking.run(() -> survey(id));
  }

  public Future<TeamView> createTeam(Principal actor, String surveyId, String name, String supervisor,
      List<String> enumerators) {
    return blocking.run(() -> createTeamNow(actor, surveyId, name, supervisor, enumerators));
  }

  /**
   * The blocking body of {@link #createTeam}. Users are named by id or username; the supervisor must hold the
   * supervisor role and each enumerator the enumerator role.
   */
  public TeamView createTeamNow(Principal actor, String surveyId, String name, String supervisor,
      List<String> enumerators) {
    survey(surveyId);
    User sup = user(supervisor, Role.SUPERVISOR, "/supervisor");
    List<User> enums = new ArrayList<>();
    for (int i = 0; i < enumerators.size(); i++) {
      enums.add(user(enumerators.get(i), Role.ENUMERATOR, "/enumerators/" + i));
    }
    String teamId = UUID.randomUUID().toString();
    List<User> claimed = new ArrayList<>();
    for (User e : enums) {
      if (!store.claimEnumerator(surveyId, e.id(), teamId)) {
        claimed.forEach(c -> store.releaseEnumerator(surveyId, c.id(), teamId));
        throw new Problem(ProblemType.TEAM_MEMBER_CONFLICT, "Enumerator '" + e.username()
            + "' is already in another team of survey '" + surveyId + "': an enumerator works in one team per survey.");
      }
      claimed.add(e);
    }
    TeamView team = new TeamView(teamId, surveyId, name, member(sup), enums.stream().map(SurveyService::member)
        .toList());
    store.insertTeam(team);
    audit.record(actor, "team.created", "team", teamId, Map.of("survey", surveyId, "name", name,
        "supervisor", sup.username(), "enumerators", enums.stream().map(User::username).toList()));
    return team;
  }

  /** Teams of a survey; a supervisor (who is not also a manager or admin) sees only their own teams. */
  public Future<List<TeamView>> teams(Principal who, String surveyId) {
    return blocking.run(() -> {
      survey(surveyId);
      List<TeamView> all = store.listTeams(surveyId);
      if (who.is(Role.ADMIN) || who.is(Role.MANAGER)) {
        return all;
      }
      return all.stream().filter(t -> t.supervisor().id().equals(who.userId())).toList();
    });
  }

  private SurveyView survey(String id) {
    return store.findSurvey(id).orElseThrow(() -> new Problem(ProblemType.SURVEY_NOT_FOUND,
        "There is no survey with id '" + id + "'."));
  }

  private User user(String idOrName, Role role, String field) {
    User u = accounts.findById(idOrName).or(() -> accounts.findByUsername(idOrName)).orElseThrow(() -> new Problem(
        ProblemType.USER_NOT_FOUND, field + ": there is no user '" + idOrName + "'.",
        new io.vertx.core.json.JsonObject().put("field", field)));
    if (!u.roles().contains(role)) {
      throw new Problem(ProblemType.USER_ROLE_MISMATCH, field + ": user '" + u.username() + "' does not have the role "
          + role.wire() + ".", new io.vertx.core.json.JsonObject().put("field", field));
    }
    return u;
  }

  private static TeamView.Member member(User u) {
    return new TeamView.Member(u.id(), u.username());
  }
}
