package org.fieldsync.client;

import java.util.Objects;

/**
 * Seals a finished interview on the tablet: gzip, HPKE to the survey key with the header as associated data, Ed25519
 * signature by the device (the work is done by {@link FieldsyncCrypto#seal}). Put the result in the {@link Outbox}
 * at once. Thread-safe.
 */
public final class Sealer {
    private final String deviceId;
    private final DeviceSigner signer;

    /**
     * @param deviceId the device id from enrolment; headers must name it
     * @param signer   the device's signer
     */
    public Sealer(String deviceId, DeviceSigner signer) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /**
     * @param header      the header; its {@code deviceId} must be this device's and its {@code surveyKeyId} the key's
     * @param answersJson the answers: one JSON object, UTF-8
     * @param surveyKey   the survey's current public key (from the last pull)
     * @return the envelope
     * @throws IllegalArgumentException if the header names another device or key, or the answers are not a JSON
     *                                  object
     * @throws SealingException         {@link SealingException.Code#KEY_INVALID} if the survey key is unusable
     */
    public Envelope seal(EnvelopeHeader header, byte[] answersJson, PublishedKey surveyKey) {
        if (!header.deviceId().equals(deviceId)) {
            throw new IllegalArgumentException("the header names device " + header.deviceId() + ", not " + deviceId);
        }
        return FieldsyncCrypto.seal(header, answersJson, surveyKey, signer);
    }
}
