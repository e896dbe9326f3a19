package org.fieldsync.server.questionnaire;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence of published questionnaire versions. Versions are inserted once and never deleted or rewritten. */
public interface QuestionnaireStore {
  void ensureIndexes();

  /** Inserts a version; false if (formId, version) exists already. */
  boolean insert(StoredQuestionnaire q);

  Optional<StoredQuestionnaire> find(String formId, int version);

  /** The highest version of {@code formId} lower than {@code version}. */
  Optional<StoredQuestionnaire> previous(String formId, int version);

  /** Every version's view, by form id then version; {@code formId} null for all forms. */
  List<QuestionnaireVersionView> list(String formId);

  /** Marks a version retired (idempotent: the first retirement's time and actor stay). */
  Optional<QuestionnaireVersionView> retire(String formId, int version, Instant at, String by);
}
