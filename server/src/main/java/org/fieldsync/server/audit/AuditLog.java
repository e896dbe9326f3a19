package org.fieldsync.server.audit;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import org.fieldsync.server.account.Principal;
import org.fieldsync.server.store.SortableIds;

/**
 * Records security-relevant and data-changing actions. Called by services inside their blocking work, so an
 * action and its audit entry succeed or fail together from the caller's point of view.
 */
public final class AuditLog {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final AuditStore store;
  private final Clock clock;

  public AuditLog(AuditStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public AuditStore store() {
    return store;
  }

  public void record(Principal actor, String action, String objectType, String objectId,
      Map<String, Object> details) {
    record(actor.userId(), actor.username(), action, objectType, objectId, details);
  }

  public void record(String actorId, String actorName, String action, String objectType, String objectId,
      Map<String, Object> details) {
    store.append(event(actorId, actorName, action, objectType, objectId, details));
  }

  /** An event to append later, with others ({@link AuditStore#appendAll}). */
  public AuditEvent event(String actorId, String actorName, String action, String objectType, String objectId,
      Map<String, Object> details) {
    var now = clock.instant();
    byte[] suffix = new byte[6];
    RANDOM.nextBytes(suffix);
    String id = SortableIds.decimal(now.toEpochMilli(), 13) + "-" + HexFormat.of().formatHex(suffix);
    return new AuditEvent(id, now, actorId, actorName, action, objectType, objectId,
        details == null ? Map.of() : details);
  }
}
