package org.fieldsync.server.assignment;

import java.util.List;

/** Persistence of assignments. Ids are deterministic, so creating the same assignments twice is a no-op. */
public interface AssignmentStore {
  void ensureIndexes();

  /** Inserts the assignments whose ids are not taken yet; returns how many were new. */
  int insertAll(List<AssignmentView> assignments);

  /** Inserts the assignments whose ids are not taken yet; returns those that were new. */
  List<AssignmentView> insertNew(List<AssignmentView> assignments);

  /**
   * Assignments of a survey, filtered by any of plan, EA, kind and enumerator (null: no filter), in EA then line
   * order.
   */
  List<AssignmentView> find(String surveyId, String planId, String eaId, String kind, String enumeratorId);

  java.util.Optional<AssignmentView> findById(String id);

  /**
   * Up to {@code limit} assignments of a plan of one kind in id order after {@code after} (null: from the first): a
   * paged scan whose pages each cost their own size (see {@code InterviewStore#page}).
   */
  List<AssignmentView> page(String surveyId, String planId, String kind, String after, int limit);
}
