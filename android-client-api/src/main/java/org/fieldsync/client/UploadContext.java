package org.fieldsync.client;

import java.util.Objects;

/**
 * What the server knows about an upload independently of the envelope: the interview id and revision of the request
 * path, and the authenticated device's id and public key. {@link FieldsyncCrypto#open(Envelope, UploadContext,
 * SurveyKeyPair)} checks the header against it, so an authentic envelope replayed under another interview id or by
 * another device is refused. Immutable.
 */
public final class UploadContext {
    private final String interviewId;
    private final int revision;
    private final String deviceId;
    private final byte[] devicePublicKey;

    /**
     * @param interviewId     the interview id of the request path
     * @param revision        the revision of the request path
     * @param deviceId        the id of the device the bearer token belongs to
     * @param devicePublicKey that device's enrolled Ed25519 public key (copied)
     */
    public UploadContext(String interviewId, int revision, String deviceId, byte[] devicePublicKey) {
        this.interviewId = Objects.requireNonNull(interviewId, "interviewId");
        this.revision = revision;
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.devicePublicKey = Objects.requireNonNull(devicePublicKey, "devicePublicKey").clone();
    }

    /** @return the interview id of the request path */
    public String interviewId() {
        return interviewId;
    }

    /** @return the revision of the request path */
    public int revision() {
        return revision;
    }

    /** @return the authenticated device's id */
    public String deviceId() {
        return deviceId;
    }

    /** @return the authenticated device's public key, a fresh copy */
    public byte[] devicePublicKey() {
        return devicePublicKey.clone();
    }

    byte[] devicePublicKeyUnsafe() {
        return devicePublicKey;
    }
}
