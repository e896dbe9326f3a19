package org.fieldsync.server.questionnaire;

import java.util.List;

/** The result of validating an interview against a questionnaire version: every error, located and labelled. */
public record ValidationView(String formId, int version, String language, boolean valid, List<Error> errors) {

  /**
   * @param pointer the JSON pointer of the answer ({@code /roster/2/age}; for a missing answer, where it belongs)
   * @param question the question's path in the questionnaire ({@code /roster/* /age})
   * @param label the question's text in the requested language
   */
  public record Error(String pointer, String question, String label, String keyword, String message) {}
}
