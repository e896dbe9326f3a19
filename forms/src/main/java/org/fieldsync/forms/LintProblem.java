package org.fieldsync.forms;

/**
 * One problem the {@link QuestionnaireLinter} found in a questionnaire document.
 *
 * @param pointer JSON pointer (RFC 6901) of the offending location in the questionnaire document; {@code ""} for
 *                the whole document
 * @param code    stable code from the table in {@code docs/questionnaires.md}, e.g. {@code lint.label-missing}
 * @param message readable English sentence saying what is wrong
 */
public record LintProblem(String pointer, String code, String message) {
}
