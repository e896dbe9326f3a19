package org.fieldsync.server.interview;

import java.util.List;
import java.util.Optional;

/**
 * Persistence of interview revisions. A revision is written in one document insert (so it is there whole or not at
 * all) and never changed. Which revision a supervisor sent back is a separate record, written by the review.
 */
public interface InterviewStore {
  void ensureIndexes();

  /** Inserts a revision; false if {@code interviewId#revision} is stored already. */
  boolean insert(StoredInterview interview);

  /** Inserts revisions in one bulk write; returns, for each, whether it was new (false: stored already). */
  List<Boolean> insertAll(List<StoredInterview> interviews);

  Optional<StoredInterview> find(String interviewId, int revision);

  boolean exists(String interviewId, int revision);

  /** The revision a supervisor sent back for correction, if any. */
  Optional<Integer> returnedRevision(String interviewId);

  /**
   * Records that a supervisor sent a revision back (the tablet may then upload revision + 1), with the change that
   * announced it to the enumerator's tablet (JSON), so a snapshot can announce it again.
   */
  void markReturned(String interviewId, int revision, String surveyId, String enumeratorId, String change);

  /** The announcements of the interviews of an enumerator still waiting for their corrected revision. */
  List<String> pendingReturns(String surveyId, String enumeratorId);

  /** How many revisions of a survey are stored. */
  long count(String surveyId);

  /** A stored revision without its envelope and receipt, with its review state (null: nobody decided yet). */
  record Summary(String interviewId, int revision, String surveyId, String assignmentId, String householdId,
      String eaId, String enumeratorId, String disposition, String householdTypeFound, java.time.Instant startedAt,
      java.time.Instant endedAt, java.time.Instant receivedAt, String status, int errors, String review) {}

  /** Records a review decision on a revision (the review state, who, when, the comment). */
  void setReview(String interviewId, int revision, String state, String by, java.time.Instant at, String comment);

  /** The review state recorded on a revision, if a decision was made. */
  Optional<String> review(String interviewId, int revision);

  /** Every stored revision of a survey, without envelopes, in storage order (a paged scan: {@link #page}). */
  void forEachOfSurvey(String surveyId, java.util.function.Consumer<Summary> each);

  /**
   * A stored revision as a scan reads it: its storage id (the scan's order: receipt time, then the receiving
   * process and a counter), its summary, and, when asked for, what reading its answers needs.
   *
   * @param envelope the envelope, read only for a revision without a copy of its answers (else null)
   * @param answers the server's sealed copy of the answers (null if the revision predates copies)
   */
  record Scanned(String storageId, Summary summary, int formVersion, String deviceId, String surveyKeyId,
      byte[] envelope, byte[] answers) {}

  /**
   * Up to {@code limit} revisions of a survey in storage order, after the storage id {@code after} (null: from the
   * first). Each page costs its own size on either store, so a scan of any length keeps memory flat.
   *
   * @param sealed whether to read the answers copy, or the envelope of a revision without one (else both null)
   */
  default java.util.List<Scanned> page(String surveyId, String after, int limit, boolean sealed) {
    return page(surveyId, after, null, limit, sealed);
  }

  /**
   * As {@link #page(String, String, int, boolean)}, within a slice of storage order: only storage ids before
   * {@code before} (null: to the last). Slices are read at once by the export.
   */
  java.util.List<Scanned> page(String surveyId, String after, String before, int limit, boolean sealed);

  /** The first and the last storage id of a survey's revisions (empty if it has none). */
  java.util.Optional<String[]> storageIdSpan(String surveyId);
}
