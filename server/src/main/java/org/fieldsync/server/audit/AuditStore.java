package org.fieldsync.server.audit;

import java.util.List;

/** Persistence of the audit log: insert and query only; nothing updates or deletes an event. */
public interface AuditStore {
  void ensureIndexes();

  void append(AuditEvent event);

  void appendAll(java.util.List<AuditEvent> events);

  List<AuditEvent> find(AuditQuery query);
}
