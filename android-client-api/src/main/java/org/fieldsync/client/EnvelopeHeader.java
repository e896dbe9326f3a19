package org.fieldsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fieldsync.client.json.Canonical;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plaintext header of a sealed interview. Its canonical JSON is the AEAD associated data of the HPKE seal, so
 * no member can be changed or swapped with another envelope's without the opening failing; the device's signature
 * covers it as well. Every member is present on the wire; absent values are {@code null}.
 *
 * <p>Immutable. Build one with {@link #builder()}.
 */
public final class EnvelopeHeader {
    /** The format string of version 1 envelopes, the value of the header's {@code format} member. */
    public static final String FORMAT = "fieldsync.envelope/1";
    /** Interview ids: 1 to 64 of {@code A-Z a-z 0-9 -}; a random UUID is recommended. */
    public static final Pattern INTERVIEW_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    /** The highest revision number accepted. */
    public static final int MAX_REVISION = 1_000_000;
    static final int MAX_ID = 200;

    private static final Set<String> MEMBERS = Wire.names("format", "interviewId", "revision", "surveyId", "formId",
            "formVersion", "assignmentId", "householdId", "eaId", "deviceId", "enumeratorId", "disposition",
            "householdTypeFound", "startedAt", "endedAt", "surveyKeyId", "attachments");

    private final String interviewId;
    private final int revision;
    private final String surveyId;
    private final String formId;
    private final int formVersion;
    private final String assignmentId;
    private final String householdId;
    private final String eaId;
    private final String deviceId;
    private final String enumeratorId;
    private final String disposition;
    private final String householdTypeFound;
    private final Instant startedAt;
    private final Instant endedAt;
    private final String surveyKeyId;
    private final List<Attachment> attachments;

    private EnvelopeHeader(Builder b) {
        interviewId = require(b.interviewId, "interviewId", 64);
        if (!INTERVIEW_ID.matcher(interviewId).matches()) {
            throw new IllegalArgumentException("interviewId must be 1 to 64 of A-Z a-z 0-9 -: " + interviewId);
        }
        if (b.revision < 1 || b.revision > MAX_REVISION) {
            throw new IllegalArgumentException("revision must be between 1 and " + MAX_REVISION);
        }
        revision = b.revision;
        surveyId = require(b.surveyId, "surveyId", MAX_ID);
        formId = require(b.formId, "formId", MAX_ID);
        if (b.formVersion < 1) {
            throw new IllegalArgumentException("formVersion must be at least 1");
        }
        formVersion = b.formVersion;
        assignmentId = optional(b.assignmentId, "assignmentId", MAX_ID);
        householdId = optional(b.householdId, "householdId", MAX_ID);
        eaId = optional(b.eaId, "eaId", MAX_ID);
        deviceId = require(b.deviceId, "deviceId", MAX_ID);
        enumeratorId = require(b.enumeratorId, "enumeratorId", MAX_ID);
        disposition = require(b.disposition, "disposition", 64);
        householdTypeFound = optional(b.householdTypeFound, "householdTypeFound", 64);
        startedAt = Timestamps.truncate(Objects.requireNonNull(b.startedAt, "startedAt"));
        endedAt = Timestamps.truncate(Objects.requireNonNull(b.endedAt, "endedAt"));
        Timestamps.format(startedAt); // range check
        Timestamps.format(endedAt);
        surveyKeyId = require(b.surveyKeyId, "surveyKeyId", 64);
        if (b.attachments.size() > 1000) {
            throw new IllegalArgumentException("at most 1000 attachments");
        }
        attachments = java.util.Collections.unmodifiableList(new ArrayList<>(b.attachments));
    }

    private static String require(String value, String name, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
            throw new IllegalArgumentException(name + " must have 1 to " + max + " characters");
        }
        return value;
    }

    private static String optional(String value, String name, int max) {
        return value == null ? null : require(value, name, max);
    }

    /** @return a builder with no member set and no attachments */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this header's values, to derive a changed copy */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.interviewId = interviewId;
        b.revision = revision;
        b.surveyId = surveyId;
        b.formId = formId;
        b.formVersion = formVersion;
        b.assignmentId = assignmentId;
        b.householdId = householdId;
        b.eaId = eaId;
        b.deviceId = deviceId;
        b.enumeratorId = enumeratorId;
        b.disposition = disposition;
        b.householdTypeFound = householdTypeFound;
        b.startedAt = startedAt;
        b.endedAt = endedAt;
        b.surveyKeyId = surveyKeyId;
        b.attachments = new ArrayList<>(attachments);
        return b;
    }

    /** @return the format string, always {@link #FORMAT} */
    public String format() {
        return FORMAT;
    }

    /** @return the interview's id, chosen by the tablet when the interview starts; the same for all revisions */
    public String interviewId() {
        return interviewId;
    }

    /** @return the revision, 1 for the first upload; n+1 after the supervisor sent revision n back */
    public int revision() {
        return revision;
    }

    /** @return the survey's id */
    public String surveyId() {
        return surveyId;
    }

    /** @return the questionnaire's form id */
    public String formId() {
        return formId;
    }

    /** @return the questionnaire version the answers were captured with */
    public int formVersion() {
        return formVersion;
    }

    /** @return the assignment the interview fulfils, or {@code null} for an interview without one */
    public String assignmentId() {
        return assignmentId;
    }

    /** @return the household's id, or {@code null} */
    public String householdId() {
        return householdId;
    }

    /** @return the enumeration area's id, or {@code null} */
    public String eaId() {
        return eaId;
    }

    /** @return the id of the device that sealed and signed the envelope */
    public String deviceId() {
        return deviceId;
    }

    /** @return the user id of the enumerator the device is enrolled for */
    public String enumeratorId() {
        return enumeratorId;
    }

    /** @return the final disposition code of the visit, e.g. {@code completed}, {@code refused} */
    public String disposition() {
        return disposition;
    }

    /** @return the household type found on the visit, or {@code null} */
    public String householdTypeFound() {
        return householdTypeFound;
    }

    /** @return when the interview started (tablet clock, millisecond precision) */
    public Instant startedAt() {
        return startedAt;
    }

    /** @return when the interview ended (tablet clock, millisecond precision) */
    public Instant endedAt() {
        return endedAt;
    }

    /** @return the id of the survey public key the envelope is sealed to */
    public String surveyKeyId() {
        return surveyKeyId;
    }

    /** @return the attachments, empty in format 1; unmodifiable */
    public List<Attachment> attachments() {
        return attachments;
    }

    /**
     * @return the header's canonical JSON: exactly the AEAD associated data of the seal and the bytes of the
     *         {@code header} member inside the signed part of the envelope; a fresh array
     */
    public byte[] canonicalJson() {
        return Canonical.toBytes(toJson());
    }

    ObjectNode toJson() {
        ObjectNode o = Wire.object();
        o.put("format", FORMAT);
        o.put("interviewId", interviewId);
        o.put("revision", revision);
        o.put("surveyId", surveyId);
        o.put("formId", formId);
        o.put("formVersion", formVersion);
        o.put("assignmentId", assignmentId);
        o.put("householdId", householdId);
        o.put("eaId", eaId);
        o.put("deviceId", deviceId);
        o.put("enumeratorId", enumeratorId);
        o.put("disposition", disposition);
        o.put("householdTypeFound", householdTypeFound);
        o.put("startedAt", Timestamps.format(startedAt));
        o.put("endedAt", Timestamps.format(endedAt));
        o.put("surveyKeyId", surveyKeyId);
        ArrayNode a = o.putArray("attachments");
        for (Attachment attachment : attachments) {
            a.add(attachment.toJson());
        }
        return o;
    }

    /**
     * Reads a header strictly: exactly the members of format 1, each of its type.
     *
     * @throws IllegalArgumentException naming the first wrong member
     */
    static EnvelopeHeader fromJson(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("/header must be an object");
        }
        Wire.exactMembers(node, MEMBERS, "/header");
        if (!node.get("format").isTextual() || !FORMAT.equals(node.get("format").textValue())) {
            throw new IllegalArgumentException("/header/format must be \"" + FORMAT + "\"");
        }
        Builder b = builder()
                .interviewId(Wire.text(node, "interviewId", INTERVIEW_ID))
                .revision((int) Wire.integer(node, "revision", 1, MAX_REVISION))
                .surveyId(Wire.text(node, "surveyId", MAX_ID))
                .formId(Wire.text(node, "formId", MAX_ID))
                .formVersion((int) Wire.integer(node, "formVersion", 1, Integer.MAX_VALUE))
                .assignmentId(Wire.nullableText(node, "assignmentId", MAX_ID))
                .householdId(Wire.nullableText(node, "householdId", MAX_ID))
                .eaId(Wire.nullableText(node, "eaId", MAX_ID))
                .deviceId(Wire.text(node, "deviceId", MAX_ID))
                .enumeratorId(Wire.text(node, "enumeratorId", MAX_ID))
                .disposition(Wire.text(node, "disposition", 64))
                .householdTypeFound(Wire.nullableText(node, "householdTypeFound", 64))
                .startedAt(Wire.timestamp(node, "startedAt"))
                .endedAt(Wire.timestamp(node, "endedAt"))
                .surveyKeyId(Wire.text(node, "surveyKeyId", 64));
        JsonNode attachments = Wire.array(node, "attachments");
        for (int i = 0; i < attachments.size(); i++) {
            b.attachment(Attachment.fromJson(attachments.get(i), "/header/attachments/" + i));
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnvelopeHeader && toJson().equals(((EnvelopeHeader) o).toJson());
    }

    @Override
    public int hashCode() {
        return Objects.hash(interviewId, revision, surveyId, deviceId);
    }

    @Override
    public String toString() {
        return "EnvelopeHeader[" + interviewId + "#" + revision + ", survey " + surveyId + ", " + formId + "/"
                + formVersion + ", device " + deviceId + "]";
    }

    /** Collects the members of a header; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private String interviewId;
        private int revision = 1;
        private String surveyId;
        private String formId;
        private int formVersion;
        private String assignmentId;
        private String householdId;
        private String eaId;
        private String deviceId;
        private String enumeratorId;
        private String disposition;
        private String householdTypeFound;
        private Instant startedAt;
        private Instant endedAt;
        private String surveyKeyId;
        private List<Attachment> attachments = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param v the interview id (1 to 64 of A-Z a-z 0-9 -)
         * @return this builder
         */
        public Builder interviewId(String v) {
            interviewId = v;
            return this;
        }

        /**
         * @param v the revision, 1 unless the interview was sent back
         * @return this builder
         */
        public Builder revision(int v) {
            revision = v;
            return this;
        }

        /**
         * @param v the survey id
         * @return this builder
         */
        public Builder surveyId(String v) {
            surveyId = v;
            return this;
        }

        /**
         * @param v the questionnaire's form id
         * @return this builder
         */
        public Builder formId(String v) {
            formId = v;
            return this;
        }

        /**
         * @param v the questionnaire version
         * @return this builder
         */
        public Builder formVersion(int v) {
            formVersion = v;
            return this;
        }

        /**
         * @param v the assignment id, or {@code null}
         * @return this builder
         */
        public Builder assignmentId(String v) {
            assignmentId = v;
            return this;
        }

        /**
         * @param v the household id, or {@code null}
         * @return this builder
         */
        public Builder householdId(String v) {
            householdId = v;
            return this;
        }

        /**
         * @param v the enumeration area id, or {@code null}
         * @return this builder
         */
        public Builder eaId(String v) {
            eaId = v;
            return this;
        }

        /**
         * @param v the device id from enrolment
         * @return this builder
         */
        public Builder deviceId(String v) {
            deviceId = v;
            return this;
        }

        /**
         * @param v the enumerator's user id from enrolment
         * @return this builder
         */
        public Builder enumeratorId(String v) {
            enumeratorId = v;
            return this;
        }

        /**
         * @param v the disposition code
         * @return this builder
         */
        public Builder disposition(String v) {
            disposition = v;
            return this;
        }

        /**
         * @param v the household type found, or {@code null}
         * @return this builder
         */
        public Builder householdTypeFound(String v) {
            householdTypeFound = v;
            return this;
        }

        /**
         * @param v start time (kept to the millisecond)
         * @return this builder
         */
        public Builder startedAt(Instant v) {
            startedAt = v;
            return this;
        }

        /**
         * @param v end time (kept to the millisecond)
         * @return this builder
         */
        public Builder endedAt(Instant v) {
            endedAt = v;
            return this;
        }

        /**
         * @param v the id of the survey key the envelope will be sealed to
         * @return this builder
         */
        public Builder surveyKeyId(String v) {
            surveyKeyId = v;
            return this;
        }

        /**
         * @param v an attachment to list
         * @return this builder
         */
        public Builder attachment(Attachment v) {
            attachments.add(Objects.requireNonNull(v));
            return this;
        }

        /**
         * @return the header
         * @throws IllegalArgumentException if a member is missing or out of range
         * @throws NullPointerException     if a timestamp is missing
         */
        public EnvelopeHeader build() {
            return new EnvelopeHeader(this);
        }
    }
}
