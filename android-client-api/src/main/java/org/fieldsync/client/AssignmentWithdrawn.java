package org.fieldsync.client;

/**
 * {@code assignment.withdrawn}: the assignment no longer belongs to this enumerator (reassigned or cancelled). Remove
 * it unless an interview for it is in progress or sealed: those are still uploaded, and the server keeps them
 * (quarantined if needed). Withdrawing an unknown assignment is a no-op.
 */
public final class AssignmentWithdrawn extends Change {
    /** The wire type. */
    public static final String TYPE = "assignment.withdrawn";
    private final String assignmentId;
    private final String reason;

    AssignmentWithdrawn(long seq, String assignmentId, String reason) {
        super(seq);
        this.assignmentId = assignmentId;
        this.reason = reason;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** @return the assignment's id */
    public String assignmentId() {
        return assignmentId;
    }

    /** @return why, for display, or {@code null} */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return TYPE + "#" + seq() + " " + assignmentId;
    }
}
