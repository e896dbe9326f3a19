package org.fieldsync.client;

/** Why an {@link Outbox} operation failed. */
public class OutboxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Code {
        /** Reading, writing, renaming or syncing a file failed (disk full, permissions, I/O error). */
        IO,
        /** Another {@link Outbox} (in this or another process) has the directory open. */
        LOCKED,
        /** An envelope with the same interview id and revision but different bytes is already in the outbox. */
        CONFLICT,
        /** No pending envelope matches the receipt. */
        NOT_FOUND,
        /** The outbox was closed. */
        CLOSED
    }

    /** What went wrong. */
    private final Code code;

    OutboxException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** @return what went wrong, never {@code null} */
    public Code code() {
        return code;
    }
}
