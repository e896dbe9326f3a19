package org.fieldsync.client;

/**
 * Why an envelope, a receipt or an enrolment proof was refused by {@link FieldsyncCrypto} or could not be read. The
 * {@link Code} says which check failed; the server maps it to its own problem codes (docs/sync-protocol.md).
 */
public class SealingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Which check failed. */
    public enum Code {
        /** The bytes are not a format 1 envelope in canonical form, or its header is invalid. */
        ENVELOPE_MALFORMED,
        /** The envelope's signature does not verify with the device's public key. */
        SIGNATURE_INVALID,
        /**
         * The envelope is authentic but its header names another interview, revision or device than the one it was
         * uploaded for (a replay under another id); {@link #field()} names the member.
         */
        HEADER_MISMATCH,
        /** The header names another survey key than the one given to open it. */
        SURVEY_KEY_MISMATCH,
        /** The header tag does not match: the header was changed after sealing (or sealed to another key). */
        HEADER_TAMPERED,
        /** The encapsulated key or the ciphertext was changed after sealing: the AEAD refuses it. */
        CIPHERTEXT_TAMPERED,
        /** The decrypted payload is not gzip. */
        ANSWERS_INVALID,
        /** The decompressed answers exceed the limit given to open. */
        ANSWERS_TOO_LARGE,
        /** A key has the wrong length or is not a usable curve point. */
        KEY_INVALID,
        /** The bytes are not a format 1 receipt in canonical form. */
        RECEIPT_MALFORMED,
        /** The receipt is signed with a key id that is not among the trusted server keys. */
        RECEIPT_KEY_UNKNOWN,
        /** The receipt's signature does not verify with the server key it names. */
        RECEIPT_SIGNATURE_INVALID,
        /**
         * The receipt is authentic but is for another envelope (interview id, revision, SHA-256, device or survey);
         * {@link #field()} names the member.
         */
        RECEIPT_MISMATCH,
        /** An enrolment proof does not verify with the public key it comes with. */
        PROOF_INVALID
    }

    /** Which check failed. */
    private final Code code;
    /** The member that differs, or null. */
    private final String field;

    /**
     * @param code    which check failed
     * @param message a readable English sentence
     */
    public SealingException(Code code, String message) {
        this(code, message, null, null);
    }

    SealingException(Code code, String message, Throwable cause) {
        this(code, message, null, cause);
    }

    SealingException(Code code, String message, String field, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.field = field;
    }

    /** @return which check failed, never {@code null} */
    public Code code() {
        return code;
    }

    /** @return for the mismatch codes the member that differs, e.g. {@code interviewId}; otherwise {@code null} */
    public String field() {
        return field;
    }
}
