package org.fieldsync.forms;

import java.util.List;

/**
 * The outcome of validating one interview against a questionnaire.
 *
 * @param errors every error found, located at the answer, deduplicated and ordered by pointer (array indexes
 *               compared as numbers); empty if the interview is valid. Unmodifiable.
 */
public record ValidationResult(List<AnswerError> errors) {
    static final ValidationResult VALID = new ValidationResult(List.of());

    /** Copies the list. */
    public ValidationResult {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** @return {@code true} if there is no error */
    public boolean valid() {
        return errors.isEmpty();
    }
}
