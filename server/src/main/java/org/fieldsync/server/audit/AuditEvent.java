package org.fieldsync.server.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of the append-only audit log: who did what, when, to which object.
 *
 * @param action a stable name, {@code area.verb} ({@code questionnaire.published}, {@code user.login-failed})
 * @param details what else an auditor needs (never a secret: no passwords, tokens or answers)
 */
public record AuditEvent(String id, Instant at, String actorId, String actorName, String action, String objectType,
    String objectId, Map<String, Object> details) {}
