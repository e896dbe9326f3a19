package org.fieldsync.client;

/**
 * An envelope after {@link FieldsyncCrypto#open}: the authenticated header and the decrypted, decompressed answers.
 */
public final class OpenedEnvelope {
    private final EnvelopeHeader header;
    private final byte[] answers;
    private final byte[] compressed;

    OpenedEnvelope(EnvelopeHeader header, byte[] answers, byte[] compressed) {
        this.header = header;
        this.answers = answers;
        this.compressed = compressed;
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

    /**
     * @return the answers as they were sealed, gzip-compressed (decompress with {@link FieldsyncCrypto#gunzip}). The
     *         array is this object's own and handed out without copying, as {@link #answers()} is.
     */
    public byte[] compressedAnswers() {
        return compressed;
    }
}
