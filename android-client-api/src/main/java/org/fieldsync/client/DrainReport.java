package org.fieldsync.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What {@link SyncClient#drain} did: the receipts obtained, the envelopes refused (kept in the outbox), and whether
 * it stopped early.
 */
public final class DrainReport {
    /** An envelope that stays in the outbox, and why. */
    public static final class Failure {
        private final String interviewId;
        private final int revision;
        private final SyncException error;

        Failure(Envelope envelope, SyncException error) {
            this.interviewId = envelope.header().interviewId();
            this.revision = envelope.header().revision();
            this.error = error;
        }

        /** @return the interview id */
        public String interviewId() {
            return interviewId;
        }

        /** @return the revision */
        public int revision() {
            return revision;
        }

        /** @return the error; its {@link SyncException#code()} is what to show or log */
        public SyncException error() {
            return error;
        }

        @Override
        public String toString() {
            return interviewId + "#" + revision + ": " + error.code();
        }
    }

    private final List<Receipt> delivered;
    private final List<Failure> failed;
    private final SyncException stoppedBy;
    private final int remaining;

    DrainReport(List<Receipt> delivered, List<Failure> failed, SyncException stoppedBy, int remaining) {
        this.delivered = Collections.unmodifiableList(new ArrayList<>(delivered));
        this.failed = Collections.unmodifiableList(new ArrayList<>(failed));
        this.stoppedBy = stoppedBy;
        this.remaining = remaining;
    }

    /** @return the verified receipts obtained, in upload order; their envelopes have left the outbox */
    public List<Receipt> delivered() {
        return delivered;
    }

    /**
     * @return envelopes refused for good by the server or whose receipt did not verify; they stay in the outbox
     *         (the app should show them: a supervisor may need to act)
     */
    public List<Failure> failed() {
        return failed;
    }

    /**
     * @return the error that stopped the drain before it tried every envelope: retryable errors that outlasted the
     *         attempts ({@link SyncException.Kind#RETRYABLE}: schedule another drain later), a rejected device
     *         ({@link SyncException.Kind#DEVICE_REJECTED}: re-enrol), or an interruption; {@code null} if the drain
     *         went through the whole outbox
     */
    public SyncException stoppedBy() {
        return stoppedBy;
    }

    /** @return the envelopes still pending after the drain */
    public int remaining() {
        return remaining;
    }

    /** @return whether the outbox is empty and nothing failed */
    public boolean complete() {
        return stoppedBy == null && failed.isEmpty() && remaining == 0;
    }

    @Override
    public String toString() {
        return "DrainReport[delivered " + delivered.size() + ", failed " + failed + ", remaining " + remaining
                + (stoppedBy == null ? "" : ", stopped by " + stoppedBy.code()) + "]";
    }
}
