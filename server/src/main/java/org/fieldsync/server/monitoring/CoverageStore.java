package org.fieldsync.server.monitoring;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Persistence of coverage: counter cells (per EA, per stratum within a team, per enumerator), the state of each
 * sampled household, a version per survey that moves on every change (what live pages poll), stored alerts, and
 * each enumerator's last sync. Blocking. Cells and states are read by {@code _id} only, so their reads do not
 * depend on how many interviews the store holds.
 */
public interface CoverageStore {
  void ensureIndexes();

  /** A counter cell: its descriptive fields and its counters as dotted paths ({@code c.EMIG.visited} → 3). */
  record Cell(String id, String surveyId, String level, String eaId, String stratum, String teamId,
      String enumeratorId, Map<String, Long> counters, Instant lastAt, Instant since, long[][] counts) {
    /**
     * A cell as read: {@code counts} holds its {@code c.<type>.<counter>} counters by type and counter index
     * ({@code CoverageService.TYPES}, {@code COUNTERS}), {@code counters} the others ({@code days.*}, {@code dur.*},
     * {@code prog.*}). A cell built to be written has {@code counts} null and every counter in {@code counters}.
     */
    public Cell {
    }

    public Cell(String id, String surveyId, String level, String eaId, String stratum, String teamId,
        String enumeratorId, Map<String, Long> counters, Instant lastAt, Instant since) {
      this(id, surveyId, level, eaId, stratum, teamId, enumeratorId, counters, lastAt, since, null);
    }
  }

  /** What to add to cells: counters to increment (may be negative), activity times, descriptive fields for new ones. */
  record CellDelta(Cell describe, Map<String, Long> increments, Instant lastAt, Instant since) {}

  /** An alert found when an interview arrived (the others are computed when coverage is read). */
  record Alert(String id, String surveyId, String kind, String level, String subject, String message,
      String interviewId, String teamId, String enumeratorId, String eaId, Instant at) {}

  Map<String, HouseholdState> households(Collection<String> assignmentIds);

  /** Household states and cells read together (one round trip for a small group). */
  record Snapshot(Map<String, HouseholdState> households, Map<String, Cell> cells) {}

  Snapshot read(Collection<String> assignmentIds, Collection<String> cellIds);

  /** Writes new household states and cell deltas and moves the versions of the surveys touched, in one bulk write. */
  void apply(Collection<HouseholdState> states, Collection<CellDelta> deltas);

  List<Cell> cells(Collection<String> ids);

  Map<String, Long> versions(Collection<String> surveyIds);

  /** Stores an alert once (its id is deterministic); false if it was there. */
  boolean addAlert(Alert alert);

  List<Alert> alerts(String surveyId);

  void touchSync(String surveyId, String enumeratorId, Instant at);

  Map<String, Instant> lastSyncs(String surveyId, Collection<String> enumeratorIds);

  /** The households of a survey with a current interview (a scan: for review queues, not for coverage). */
  List<HouseholdState> interviewedHouseholds(String surveyId);

  /** Replaces a survey's cells and household states (the rebuild). */
  void replaceAll(String surveyId, Collection<Cell> cells, Collection<HouseholdState> states);
}
