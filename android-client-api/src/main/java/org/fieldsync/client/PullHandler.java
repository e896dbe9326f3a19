package org.fieldsync.client;

/** Stores one page of a pull. */
public interface PullHandler {
    /**
     * Stores the page's changes, survey key, server signing key and questionnaire list durably before returning
     * (ideally in one database transaction). Applying a page twice must be harmless: changes are idempotent.
     *
     * @param page the page
     * @throws Exception to stop the pull; the cursor is then not advanced
     */
    void onPage(PullResponse page) throws Exception;
}
