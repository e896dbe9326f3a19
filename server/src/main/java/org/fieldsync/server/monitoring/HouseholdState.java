package org.fieldsync.server.monitoring;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What coverage knows of one sampled household (an interview assignment): where it counts (EA, stratum, team,
 * enumerator, household type at listing) and its current interview — the most recently received revision of the
 * most recently received interview for the assignment — with its disposition, review state and the type found.
 *
 * <p>Coverage counters are sums of {@link #contributions()} over households plus the assignments themselves, so the
 * counters can be kept up to date by adding a household's new contributions and subtracting its old ones, and
 * rebuilt from the stored interviews by summing: both give the same numbers by construction.
 */
public record HouseholdState(String assignmentId, String surveyId, String eaId, String stratum, String teamId,
    String enumeratorId, String type, String householdId, String interviewId, int revision, Instant receivedAt,
    Instant startedAt, Instant endedAt, Disposition disposition, ReviewState review, String typeFound, int errors) {

  /** One counter to add 1 to: in cell {@code cellId}, the field at dotted {@code path}. */
  public record Contribution(String cellId, String path) {}

  /** The type's group: {@code control} for non-migrant households, {@code migrant} for the others. */
  public static String group(String type) {
    return "NON".equals(type) ? "control" : "migrant";
  }

  public static String eaCell(String surveyId, String eaId) {
    return surveyId + "|ea|" + eaId;
  }

  public static String stratumCell(String surveyId, String stratum, String teamId) {
    return surveyId + "|st|" + stratum + "|" + teamId;
  }

  public static String enumeratorCell(String surveyId, String enumeratorId) {
    return surveyId + "|en|" + enumeratorId;
  }

  /** A stratum over all teams (what a survey manager's view reads). */
  public static String stratumTotalCell(String surveyId, String stratum) {
    return surveyId + "|sa|" + stratum;
  }

  public static String teamCell(String surveyId, String teamId) {
    return surveyId + "|tm|" + teamId;
  }

  /**
   * The cells an assignment counts in: its EA, its stratum within its team, its enumerator, its stratum over all
   * teams and its team. The last two are sums of the second, kept so that a survey manager's view reads one cell per
   * stratum and per team rather than one per stratum and team.
   */
  public static List<String> cells(String surveyId, String eaId, String stratum, String teamId, String enumeratorId) {
    return List.of(eaCell(surveyId, eaId), stratumCell(surveyId, stratum, teamId),
        enumeratorCell(surveyId, enumeratorId), stratumTotalCell(surveyId, stratum), teamCell(surveyId, teamId));
  }

  /** Whether the interview happened and finished as a full or partial interview. */
  boolean interviewed() {
    return disposition == Disposition.COMPLETE || disposition == Disposition.PARTIAL;
  }

  /** Interview length in whole minutes, or -1 if the tablet's times are missing or inverted. */
  public long minutes() {
    if (startedAt == null || endedAt == null || endedAt.isBefore(startedAt)) {
      return -1;
    }
    return java.time.Duration.between(startedAt, endedAt).toMinutes();
  }

  /** The day (UTC) the interview ended, or the day it was received. */
  public String day() {
    Instant at = endedAt != null ? endedAt : receivedAt;
    return at.atOffset(ZoneOffset.UTC).toLocalDate().toString();
  }

  /** The counters this household's current interview adds to. */
  public List<Contribution> contributions() {
    List<Contribution> out = new ArrayList<>();
    String t = "c." + type + ".";
    for (String cell : cells(surveyId, eaId, stratum, teamId, enumeratorId)) {
      out.add(new Contribution(cell, t + "visited"));
      out.add(new Contribution(cell, t + disposition.counter()));
      out.add(new Contribution(cell, t + review.wire()));
      if (typeFound != null && !typeFound.equals(type)) {
        out.add(new Contribution(cell, t + "typeChanged"));
      }
    }
    String enumerator = enumeratorCell(surveyId, enumeratorId);
    out.add(new Contribution(enumerator, "days." + day()));
    if (disposition == Disposition.COMPLETE && minutes() >= 0) {
      out.add(new Contribution(enumerator, "dur." + Math.min(minutes(), 24 * 60)));
    }
    if (disposition == Disposition.COMPLETE) {
      out.add(new Contribution(stratumCell(surveyId, stratum, teamId), "prog." + day() + "." + group(type)));
      out.add(new Contribution(stratumTotalCell(surveyId, stratum), "prog." + day() + "." + group(type)));
    }
    return out;
  }
}
