package org.fieldsync.server.survey;

import java.util.List;

/** A field team of a survey: one supervisor and their enumerators (user ids and usernames). */
public record TeamView(String id, String surveyId, String name, Member supervisor, List<Member> enumerators) {
  public record Member(String id, String username) {}
}
