package org.fieldsync.client;

import java.time.Duration;

/**
 * A failed call to the server. {@link #kind()} tells the app what to do; {@link #code()} is the server's stable
 * problem code (docs/errors.md) or one of the client's own codes ({@code network.io}, {@code response.invalid},
 * {@code receipt.*}, {@code http.<status>} when the body carried none).
 */
public class SyncException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What a failure means for the caller. */
    public enum Kind {
        /** Try again later with backoff: no network, timeout, 408, 429 or 5xx. */
        RETRYABLE,
        /**
         * The device itself is refused (401, or 403 {@code device.revoked}): stop syncing, keep the outbox, and have
         * the device enrolled again.
         */
        DEVICE_REJECTED,
        /** This request is refused for good (another 4xx): retrying it unchanged will fail the same way. */
        REJECTED,
        /** The server's answer is not what the protocol says (malformed body, receipt that does not verify). */
        RESPONSE_INVALID
    }

    /** What the failure means. */
    private final Kind kind;
    /** The stable code. */
    private final String code;
    /** The HTTP status, 0 without a response. */
    private final int status;
    /** The server's Retry-After, or null. */
    private final Duration retryAfter;

    /**
     * @param kind       what the failure means
     * @param code       the stable code
     * @param status     the HTTP status, 0 if no response
     * @param message    a readable sentence
     * @param retryAfter the server's {@code Retry-After}, or {@code null}
     * @param cause      the cause, or {@code null}
     */
    public SyncException(Kind kind, String code, int status, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** @return what the failure means, never {@code null} */
    public Kind kind() {
        return kind;
    }

    /** @return whether trying again later may succeed */
    public boolean retryable() {
        return kind == Kind.RETRYABLE;
    }

    /** @return the stable code, e.g. {@code upload.revision-conflict} */
    public String code() {
        return code;
    }

    /** @return the HTTP status, or 0 if no response was received */
    public int status() {
        return status;
    }

    /** @return the delay the server asked for with {@code Retry-After}, or {@code null} */
    public Duration retryAfter() {
        return retryAfter;
    }
}
