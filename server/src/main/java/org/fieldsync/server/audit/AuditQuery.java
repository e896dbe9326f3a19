package org.fieldsync.server.audit;

import java.time.Instant;

/**
 * A filter on the audit log; null fields do not filter. {@code action} ending in {@code .} or {@code *} matches a
 * prefix ({@code questionnaire.*}). Results come newest first; {@code before} (an event id from the previous page)
 * continues a listing.
 */
public record AuditQuery(String actor, String action, String objectType, String objectId, Instant since,
    Instant until, String before, int limit) {}
