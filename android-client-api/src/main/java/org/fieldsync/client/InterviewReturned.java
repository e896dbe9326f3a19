package org.fieldsync.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code interview.returned}: a supervisor sent an interview back with comments. The enumerator corrects it and the
 * app seals it again as revision {@link #nextRevision()} (the server accepts that revision once). Receiving the same
 * return twice is a no-op.
 */
public final class InterviewReturned extends Change {
    /** The wire type. */
    public static final String TYPE = "interview.returned";
    private final String interviewId;
    private final int revision;
    private final String assignmentId;
    private final String formId;
    private final int formVersion;
    private final Instant returnedAt;
    private final String returnedBy;
    private final List<Comment> comments;
    private final String answersJson;

    private InterviewReturned(long seq, JsonNode o) {
        super(seq);
        interviewId = Wire.text(o, "interviewId", EnvelopeHeader.INTERVIEW_ID);
        revision = (int) Wire.integer(o, "revision", 1, EnvelopeHeader.MAX_REVISION - 1);
        assignmentId = Wire.optionalText(o, "assignmentId", EnvelopeHeader.MAX_ID);
        formId = Wire.text(o, "formId", EnvelopeHeader.MAX_ID);
        formVersion = (int) Wire.integer(o, "formVersion", 1, Integer.MAX_VALUE);
        returnedAt = Wire.timestamp(o, "returnedAt");
        returnedBy = Wire.text(o, "returnedBy", 200);
        JsonNode list = Wire.array(o, "comments");
        List<Comment> cs = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            cs.add(Comment.fromJson(list.get(i), "/comments/" + i));
        }
        comments = Collections.unmodifiableList(cs);
        JsonNode answers = o.get("answers");
        if (answers != null && !answers.isNull() && !answers.isObject()) {
            throw new IllegalArgumentException("/answers must be an object or null");
        }
        answersJson = answers == null || answers.isNull() ? null : answers.toString();
    }

    static InterviewReturned fromJson(long seq, JsonNode o) {
        return new InterviewReturned(seq, o);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** @return the interview's id */
    public String interviewId() {
        return interviewId;
    }

    /** @return the revision that was sent back */
    public int revision() {
        return revision;
    }

    /** @return the revision to seal the corrected interview as: {@link #revision()} + 1 */
    public int nextRevision() {
        return revision + 1;
    }

    /** @return the assignment's id, or {@code null} */
    public String assignmentId() {
        return assignmentId;
    }

    /** @return the questionnaire's form id */
    public String formId() {
        return formId;
    }

    /** @return the questionnaire version of the returned revision */
    public int formVersion() {
        return formVersion;
    }

    /** @return when the supervisor sent it back */
    public Instant returnedAt() {
        return returnedAt;
    }

    /** @return the supervisor's username */
    public String returnedBy() {
        return returnedBy;
    }

    /** @return the comments; unmodifiable */
    public List<Comment> comments() {
        return comments;
    }

    /**
     * @return the answers of the returned revision as JSON, for a device that no longer has them; {@code null} if
     *         the server did not include them
     */
    public String answersJson() {
        return answersJson;
    }

    @Override
    public String toString() {
        return TYPE + "#" + seq() + " " + interviewId + "#" + revision;
    }
}
