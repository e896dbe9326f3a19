package org.fieldsync.server.interview;

import java.util.Optional;

/**
 * Persistence of interview revisions. A revision is written in one document insert (so it is there whole or not at
 * all) and never changed; the interview's state (latest revision, which revision a supervisor returned) is a second
 * document, updated after.
 */
public interface InterviewStore {
  void ensureIndexes();

  /** Inserts a revision; false if {@code interviewId#revision} is stored already. */
  boolean insert(StoredInterview interview);

  Optional<StoredInterview> find(String interviewId, int revision);

  Optional<State> state(String interviewId);

  /** Records a stored revision as the latest (never lowering it) and clears any "returned" mark it answers. */
  void markStored(String interviewId, String surveyId, int revision);

  /** How many revisions of a survey are stored. */
  long count(String surveyId);

  /** The interview's revision state: the latest stored revision, and the revision a supervisor sent back. */
  record State(int latestRevision, Integer returnedRevision) {}
}
