package org.fieldsync.client;

/**
 * {@code assignment.added}: an assignment is new or changed for this enumerator. Store it, replacing any assignment
 * with the same id.
 */
public final class AssignmentAdded extends Change {
    /** The wire type. */
    public static final String TYPE = "assignment.added";
    private final Assignment assignment;

    AssignmentAdded(long seq, Assignment assignment) {
        super(seq);
        this.assignment = assignment;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** @return the assignment */
    public Assignment assignment() {
        return assignment;
    }

    @Override
    public String toString() {
        return TYPE + "#" + seq() + " " + assignment.assignmentId();
    }
}
