package org.fieldsync.client;

/**
 * An envelope after {@link FieldsyncCrypto#open}: the authenticated header and the decrypted, decompressed answers.
 */
public final class OpenedEnvelope {
    private final EnvelopeHeader header;
    private final byte[] answers;

    OpenedEnvelope(EnvelopeHeader header, byte[] answers) {
        this.header = header;
        this.answers = answers;
    }

    /** @return the header (authenticated: signed by the device and bound to the ciphertext) */
    public EnvelopeHeader header() {
        return header;
    }

    /**
     * @return the answers JSON (UTF-8) as the tablet sealed it. The array is this object's own, made by the opening
     *         and not shared: it is handed out without copying, so do not change it if the object is shared.
     */
    public byte[] answers() {
        return answers;
    }
}
