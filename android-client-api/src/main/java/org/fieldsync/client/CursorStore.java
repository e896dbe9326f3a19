package org.fieldsync.client;

/**
 * Where the app keeps its pull cursor, durably (e.g. a row in its database). {@link SyncClient#pullAll} calls
 * {@link #save(String)} only after the page's {@link PullHandler} returned, i.e. after the page's content is stored:
 * if the app is killed in between, the next pull repeats the page, which is harmless.
 */
public interface CursorStore {
    /** @return the stored cursor, or {@code null} before the first pull (the server then sends a snapshot) */
    String load();

    /**
     * Stores the cursor durably before returning.
     *
     * @param cursor the new cursor
     */
    void save(String cursor);
}
