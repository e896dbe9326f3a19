package org.fieldsync.server.assignment;

import java.time.Instant;

/**
 * Work for an enumerator: list an EA, or interview one selected household. An interview assignment carries what
 * the analyst's weights need from the sample: the household's type at listing, π1, π2 and the base weight.
 *
 * @param kind {@code listing} or {@code interview}
 * @param formId the questionnaire to fill ({@code listing} or {@code household}); {@code formVersion} its version
 * @param household null for a listing assignment
 */
public record AssignmentView(String id, String kind, String surveyId, String planId, String eaId, String stratum,
    String teamId, String enumeratorId, String enumerator, String formId, int formVersion, String status,
    Household household, double pi1, Double pi2, Double baseWeight, Instant createdAt) {

  /** A selected household: listing line, type by priority, take class and group (migrant or control). */
  public record Household(int line, String householdId, String type, String takeClass, String group,
      boolean certaintyEa) {}
}
