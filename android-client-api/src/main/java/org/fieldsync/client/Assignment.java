package org.fieldsync.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A household (or listing task) assigned to the enumerator, with what is preloaded for the interview.
 */
public final class Assignment {
    private final String assignmentId;
    private final String surveyId;
    private final String eaId;
    private final String householdId;
    private final String householdType;
    private final String formId;
    private final int formVersion;
    private final String preloadJson;
    private final String note;
    private final Instant dueBy;

    private Assignment(JsonNode o) {
        assignmentId = Wire.text(o, "assignmentId", EnvelopeHeader.MAX_ID);
        surveyId = Wire.text(o, "surveyId", EnvelopeHeader.MAX_ID);
        eaId = Wire.optionalText(o, "eaId", EnvelopeHeader.MAX_ID);
        householdId = Wire.optionalText(o, "householdId", EnvelopeHeader.MAX_ID);
        householdType = Wire.optionalText(o, "householdType", 64);
        formId = Wire.text(o, "formId", EnvelopeHeader.MAX_ID);
        formVersion = (int) Wire.integer(o, "formVersion", 1, Integer.MAX_VALUE);
        JsonNode preload = o.get("preload");
        if (preload != null && !preload.isNull() && !preload.isObject()) {
            throw new IllegalArgumentException("/assignment/preload must be an object or null");
        }
        preloadJson = preload == null || preload.isNull() ? null : preload.toString();
        note = Wire.optionalText(o, "note", 4000);
        dueBy = Wire.optionalTimestamp(o, "dueBy");
    }

    static Assignment fromJson(JsonNode o) {
        try {
            return new Assignment(o);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("/assignment" + e.getMessage(), e);
        }
    }

    /** @return the assignment's id, for {@code assignmentId} in the envelope header */
    public String assignmentId() {
        return assignmentId;
    }

    /** @return the survey's id */
    public String surveyId() {
        return surveyId;
    }

    /** @return the enumeration area's id, or {@code null} */
    public String eaId() {
        return eaId;
    }

    /** @return the household's id, or {@code null} for a listing task */
    public String householdId() {
        return householdId;
    }

    /** @return the household type expected from the listing (e.g. {@code migrant}), or {@code null} */
    public String householdType() {
        return householdType;
    }

    /** @return the questionnaire's form id */
    public String formId() {
        return formId;
    }

    /** @return the questionnaire version to use */
    public int formVersion() {
        return formVersion;
    }

    /** @return the preloaded listing data as a JSON object, or {@code null} */
    public String preloadJson() {
        return preloadJson;
    }

    /** @return a note from the supervisor, or {@code null} */
    public String note() {
        return note;
    }

    /** @return the date the visit is due by, or {@code null} */
    public Instant dueBy() {
        return dueBy;
    }

    @Override
    public String toString() {
        return "Assignment[" + assignmentId + ", household " + householdId + ", " + formId + "/" + formVersion + "]";
    }
}
