package org.fieldsync.sampling;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception type of the sampling library: a stable {@link Code}, a readable English message and details
 * (plain strings, numbers, lists and maps, ready to be rendered by the server). It carries no HTTP notion; the
 * server maps the code to its own problem catalogue.
 */
public class SamplingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an operation of the sampling library was refused. */
    public enum Code {
        /** The frame has bad rows or columns; details {@code problems} lists every one (line, column, message). */
        INVALID_FRAME,
        /** A design parameter is missing, out of range or names a stratum that does not exist. */
        INVALID_DESIGN,
        /** A method argument is out of its domain (for example a start outside (0, 1) or a proportion of 1). */
        INVALID_ARGUMENT,
        /** The allocation bounds cannot be met: sum of lower bounds above n, sum of upper bounds below n, ... */
        INFEASIBLE_ALLOCATION,
        /** A stratum has fewer units with a positive measure of size than the PSUs allocated to it. */
        INSUFFICIENT_UNITS,
        /** A probability lies within 1e-6 of 0 or 1 without being 0 or 1 (SPEC section 4; R would pass it through). */
        PROBABILITY_NEAR_BOUNDARY,
        /** A variance stratum has a single PSU (SPEC section 8). */
        SINGLE_PSU_STRATUM,
        /** A listing is malformed: missing or repeated line numbers, unknown EA. */
        INVALID_LISTING,
        /** A start needed for replay is not in the stored starts. */
        MISSING_START,
        /** The frame given for replay is not the frame the plan was made from (SHA-256 differs). */
        FRAME_MISMATCH,
        /** Replaying a plan from its stored starts did not reproduce the stored selection. */
        REPLAY_MISMATCH,
        /** A stored plan record cannot be read (missing or mistyped member). */
        INVALID_PLAN_RECORD,
        /** A stored plan record was written by an incompatible algorithm version. */
        UNSUPPORTED_PLAN_VERSION,
        /** A non-response cell (after all collapsing) has eligible weight but no respondent. */
        NO_RESPONDENTS,
        /** Unknown-eligibility cases sit in a cell where no case has a resolved eligibility. */
        UNRESOLVED_ELIGIBILITY,
        /** An integer computation would overflow 64 bits (measures of size far beyond any census). */
        NUMERIC_OVERFLOW
    }

    private final Code code;
    private final transient Map<String, Object> details;

    /**
     * Creates an exception.
     *
     * @param code    why the operation was refused
     * @param message a readable English sentence
     * @param details plain details ({@code null} is taken as none); copied, order kept
     */
    public SamplingException(Code code, String message, Map<String, ?> details) {
        super(message);
        this.code = code;
        this.details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** Creates an exception without details. */
    public SamplingException(Code code, String message) {
        this(code, message, null);
    }

    /** @return the stable code of the failure, never {@code null} */
    public Code code() {
        return code;
    }

    /** @return plain details (strings, numbers, lists, maps), never {@code null}, unmodifiable */
    public Map<String, Object> details() {
        return details == null ? Map.of() : details;
    }

    static SamplingException design(String message) {
        return new SamplingException(Code.INVALID_DESIGN, message);
    }

    static SamplingException argument(String message) {
        return new SamplingException(Code.INVALID_ARGUMENT, message);
    }
}
