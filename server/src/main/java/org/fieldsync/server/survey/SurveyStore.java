package org.fieldsync.server.survey;

import java.util.List;
import java.util.Optional;

/** Persistence of surveys and their teams. Blocking. */
public interface SurveyStore {
  void ensureIndexes();

  /** Inserts a survey; false if its id is taken. */
  boolean insertSurvey(SurveyView survey);

  Optional<SurveyView> findSurvey(String id);

  List<SurveyView> listSurveys();

  /**
   * Claims an enumerator for a team of a survey; false if the enumerator is already in another team of that survey.
   * The claim is a document with a unique key, so two server instances cannot both place the same enumerator.
   */
  boolean claimEnumerator(String surveyId, String userId, String teamId);

  void releaseEnumerator(String surveyId, String userId, String teamId);

  void insertTeam(TeamView team);

  List<TeamView> listTeams(String surveyId);
}
