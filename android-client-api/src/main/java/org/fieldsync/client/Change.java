package org.fieldsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.fieldsync.client.json.Canonical;

/**
 * One change in a pull: {@link AssignmentAdded}, {@link AssignmentWithdrawn}, {@link InterviewReturned}, or
 * {@link UnknownChange} for a type this library version does not know (ignore it; newer servers may add types).
 * Applying a change twice has the same effect as applying it once, so a repeated pull is harmless.
 */
public abstract class Change {
    private final long seq;

    Change(long seq) {
        this.seq = seq;
    }

    /** @return the change's position in the server's change log; increases within and across pages */
    public long seq() {
        return seq;
    }

    /** @return the type on the wire, e.g. {@code assignment.added} */
    public abstract String type();

    static Change fromJson(JsonNode o, String where) {
        if (!o.isObject()) {
            throw new IllegalArgumentException(where + " must be an object");
        }
        try {
            long seq = Wire.integer(o, "seq", 0, Canonical.MAX_SAFE_INTEGER);
            String type = Wire.text(o, "type", 100);
            switch (type) {
                case AssignmentAdded.TYPE:
                    return new AssignmentAdded(seq, Assignment.fromJson(Wire.requireObject(o, "assignment")));
                case AssignmentWithdrawn.TYPE:
                    return new AssignmentWithdrawn(seq, Wire.text(o, "assignmentId", EnvelopeHeader.MAX_ID),
                            Wire.optionalText(o, "reason", 2000));
                case InterviewReturned.TYPE:
                    return InterviewReturned.fromJson(seq, o);
                default:
                    return new UnknownChange(seq, type, o.toString());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }
}
