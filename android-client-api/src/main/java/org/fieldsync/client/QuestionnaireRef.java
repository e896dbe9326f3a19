package org.fieldsync.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/** A questionnaire version a device needs, with the SHA-256 of its canonical document to check the download. */
public final class QuestionnaireRef {
    private final String formId;
    private final int version;
    private final String sha256;

    /**
     * @param formId  the form id
     * @param version the version, at least 1
     * @param sha256  the lowercase hex SHA-256 of the version's canonical JSON
     */
    public QuestionnaireRef(String formId, int version, String sha256) {
        this.formId = Objects.requireNonNull(formId, "formId");
        this.version = version;
        this.sha256 = Objects.requireNonNull(sha256, "sha256");
    }

    static QuestionnaireRef fromJson(JsonNode o, String where) {
        try {
            return new QuestionnaireRef(Wire.text(o, "formId", EnvelopeHeader.MAX_ID),
                    (int) Wire.integer(o, "version", 1, Integer.MAX_VALUE), Wire.text(o, "sha256", Wire.SHA256_HEX));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }

    /** @return the form id */
    public String formId() {
        return formId;
    }

    /** @return the version */
    public int version() {
        return version;
    }

    /** @return the lowercase hex SHA-256 of the document */
    public String sha256() {
        return sha256;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuestionnaireRef && formId.equals(((QuestionnaireRef) o).formId)
                && version == ((QuestionnaireRef) o).version && sha256.equals(((QuestionnaireRef) o).sha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(formId, version, sha256);
    }

    @Override
    public String toString() {
        return formId + "/" + version;
    }
}
