package org.fieldsync.server.survey;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.fieldsync.server.store.Mongo;
import org.fieldsync.server.store.StoreErrors;

/** Surveys in {@code surveys}, teams in {@code teams}, enumerator claims in {@code team_members}. */
public final class MongoSurveyStore implements SurveyStore {
  private final MongoCollection<Document> surveys;
  private final MongoCollection<Document> teams;
  private final MongoCollection<Document> members;

  public MongoSurveyStore(Mongo mongo) {
    this.surveys = mongo.db().getCollection("surveys");
    this.teams = mongo.db().getCollection("teams");
    this.members = mongo.db().getCollection("team_members");
  }

  @Override
  public void ensureIndexes() {
    teams.createIndex(Indexes.ascending("surveyId"));
  }

  @Override
  public boolean insertSurvey(SurveyView s) {
    return StoreErrors.insertIfAbsent(surveys, new Document("_id", s.id()).append("name", s.name())
        .append("description", s.description()).append("createdAt", Date.from(s.createdAt()))
        .append("createdBy", s.createdBy()));
  }

  @Override
  public Optional<SurveyView> findSurvey(String id) {
    return Optional.ofNullable(surveys.find(eq("_id", id)).first()).map(MongoSurveyStore::toSurvey);
  }

  @Override
  public List<SurveyView> listSurveys() {
    List<SurveyView> out = new ArrayList<>();
    surveys.find().sort(Sorts.ascending("_id")).forEach(d -> out.add(toSurvey(d)));
    return out;
  }

  @Override
  public boolean claimEnumerator(String surveyId, String userId, String teamId) {
    return StoreErrors.insertIfAbsent(members, new Document("_id", surveyId + ":" + userId)
        .append("surveyId", surveyId).append("userId", userId).append("teamId", teamId));
  }

  @Override
  public void releaseEnumerator(String surveyId, String userId, String teamId) {
    members.deleteOne(and(eq("_id", surveyId + ":" + userId), eq("teamId", teamId)));
  }

  @Override
  public void insertTeam(TeamView t) {
    List<Document> enumerators = t.enumerators().stream()
        .map(m -> new Document("id", m.id()).append("username", m.username())).toList();
    teams.insertOne(new Document("_id", t.id()).append("surveyId", t.surveyId()).append("name", t.name())
        .append("supervisor", new Document("id", t.supervisor().id()).append("username", t.supervisor().username()))
        .append("enumerators", enumerators));
  }

  @Override
  public List<TeamView> listTeams(String surveyId) {
    List<TeamView> out = new ArrayList<>();
    teams.find(eq("surveyId", surveyId)).sort(Sorts.ascending("name")).forEach(d -> {
      Document sup = d.get("supervisor", Document.class);
      List<TeamView.Member> enumerators = d.getList("enumerators", Document.class, List.of()).stream()
          .map(MongoSurveyStore::toMember).toList();
      out.add(new TeamView(d.getString("_id"), d.getString("surveyId"), d.getString("name"), toMember(sup),
          enumerators));
    });
    return out;
  }

  private static TeamView.Member toMember(Document d) {
    return new TeamView.Member(d.getString("id"), d.getString("username"));
  }

  private static SurveyView toSurvey(Document d) {
    return new SurveyView(d.getString("_id"), d.getString("name"), d.getString("description"),
        d.getDate("createdAt").toInstant(), d.getString("createdBy"));
  }
}
