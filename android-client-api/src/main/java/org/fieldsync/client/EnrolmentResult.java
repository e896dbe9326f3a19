package org.fieldsync.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the server returns to an enrolled device. The app stores all of it: the credentials (secret), the enumerator
 * and survey (for envelope headers), and the server signing key, the first entry of its {@link ServerKeyRing}.
 */
public final class EnrolmentResult {
    private final DeviceCredentials credentials;
    private final String enumeratorId;
    private final String enumeratorUsername;
    private final String surveyId;
    private final String surveyName;
    private final PublishedKey serverSigningKey;
    private final PublishedKey surveyKey;

    private EnrolmentResult(JsonNode o) {
        credentials = new DeviceCredentials(Wire.text(o, "deviceId", EnvelopeHeader.MAX_ID), Wire.text(o, "token", 512));
        JsonNode enumerator = Wire.requireObject(o, "enumerator");
        enumeratorId = Wire.text(enumerator, "id", EnvelopeHeader.MAX_ID);
        enumeratorUsername = Wire.text(enumerator, "username", EnvelopeHeader.MAX_ID);
        JsonNode survey = Wire.requireObject(o, "survey");
        surveyId = Wire.text(survey, "id", EnvelopeHeader.MAX_ID);
        surveyName = Wire.optionalText(survey, "name", 1000);
        serverSigningKey = PublishedKey.fromNode(o.get("serverSigningKey"), "/serverSigningKey");
        surveyKey = o.hasNonNull("surveyKey") ? PublishedKey.fromNode(o.get("surveyKey"), "/surveyKey") : null;
    }

    static EnrolmentResult fromJson(JsonNode o) {
        return new EnrolmentResult(o);
    }

    /** @return the device id and bearer token */
    public DeviceCredentials credentials() {
        return credentials;
    }

    /** @return the enumerator's user id, for {@code enumeratorId} in envelope headers */
    public String enumeratorId() {
        return enumeratorId;
    }

    /** @return the enumerator's username, for display */
    public String enumeratorUsername() {
        return enumeratorUsername;
    }

    /** @return the survey's id */
    public String surveyId() {
        return surveyId;
    }

    /** @return the survey's name, or {@code null} */
    public String surveyName() {
        return surveyName;
    }

    /** @return the server's receipt signing key, to trust from now on */
    public PublishedKey serverSigningKey() {
        return serverSigningKey;
    }

    /** @return the survey's current public key, or {@code null} if the server sends it only on pull */
    public PublishedKey surveyKey() {
        return surveyKey;
    }

    @Override
    public String toString() {
        return "EnrolmentResult[" + credentials + ", " + enumeratorUsername + ", " + surveyId + "]";
    }
}
