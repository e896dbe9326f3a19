package org.fieldsync.forms;

/**
 * One error in an interview, located at the answer it concerns.
 *
 * @param pointer  JSON pointer of the answer in the interview, e.g. {@code /roster/2/age}; for a missing answer the
 *                 pointer where it should be; {@code ""} for the interview as a whole
 * @param question the question path ({@code /roster/*}{@code /age}); {@code ""} if the pointer is not a question
 *                 of the questionnaire (an unknown member, the interview as a whole)
 * @param label    the question's label in the requested language; {@code ""} if the pointer is not a question
 * @param keyword  the JSON Schema keyword that failed: {@code required}, {@code maximum}, {@code enum},
 *                 {@code false} (a forbidden answer), {@code type}, {@code additionalProperties}, ...
 * @param message  readable English sentence; errors caused by skip logic say so ("required by skip logic", "must be
 *                 left empty by skip logic")
 */
public record AnswerError(String pointer, String question, String label, String keyword, String message) {
}
