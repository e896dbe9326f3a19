package org.fieldsync.server.questionnaire;

import java.util.List;

/**
 * The answer to a publish: the version, whether this call created it ({@code false}: identical content was
 * published before, nothing changed), and what changed against the previous version (null for a first version).
 */
public record PublishResult(QuestionnaireVersionView questionnaire, boolean created, DiffView diff) {

  /** Questions added, removed and changed since {@code fromVersion}. */
  public record DiffView(int fromVersion, int toVersion, List<Entry> added, List<Entry> removed,
      List<Entry> changed) {}

  public record Entry(String path, String label, List<String> changes) {}
}
