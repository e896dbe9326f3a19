package org.fieldsync.forms;

import java.util.List;

/**
 * The one exception type of the forms library: a stable {@link Code} plus, for a questionnaire that fails the
 * linter, every problem found. It carries no HTTP notion; the server maps the code to its own problem catalogue.
 */
public class FormsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an operation of the forms library was refused. */
    public enum Code {
        /** The bytes given are not a single well-formed JSON value (or repeat an object member). */
        NOT_JSON,
        /** The questionnaire document has lint problems; {@link #problems()} lists all of them. */
        LINT_FAILED
    }

    private final Code code;
    private final transient List<LintProblem> problems;

    /**
     * Creates an exception.
     *
     * @param code     why the operation was refused
     * @param message  a readable English sentence
     * @param problems the lint problems ({@code null} is taken as none); copied
     */
    public FormsException(Code code, String message, List<LintProblem> problems) {
        super(message);
        this.code = code;
        this.problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /** @return the stable code of the failure, never {@code null} */
    public Code code() {
        return code;
    }

    /**
     * @return for {@link Code#LINT_FAILED} every lint problem, ordered by pointer; for {@link Code#NOT_JSON} raised
     *         while parsing a questionnaire a single {@code lint.not-json} problem, raised while validating answers
     *         none. Never {@code null}, unmodifiable.
     */
    public List<LintProblem> problems() {
        return problems == null ? List.of() : problems; // null only after Java deserialization
    }
}
