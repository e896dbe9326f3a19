package org.fieldsync.server.monitoring;

/**
 * Where an interview revision stands in review. A new revision starts {@link #PENDING_REVIEW} (valid) or
 * {@link #QUARANTINED} (failed validation); a supervisor approves ({@link #APPROVED_BY_SUPERVISOR}) or rejects; a
 * survey manager approves ({@link #APPROVED_BY_MANAGER}, final) or sends back. A rejected interview returns to its
 * tablet; its corrected revision starts again.
 */
public enum ReviewState {
  PENDING_REVIEW("pendingReview"),
  APPROVED_BY_SUPERVISOR("approvedBySupervisor"),
  APPROVED_BY_MANAGER("approvedByManager"),
  REJECTED("rejected"),
  QUARANTINED("quarantined");

  private final String wire;

  ReviewState(String wire) {
    this.wire = wire;
  }

  /** Its name on the wire and its counter in coverage rows. */
  public String wire() {
    return wire;
  }

  /** Approved by a supervisor or a manager: what an export of approved interviews takes. */
  public boolean approved() {
    return this == APPROVED_BY_SUPERVISOR || this == APPROVED_BY_MANAGER;
  }

  /** The state of a revision nobody has decided on yet, from its receipt status. */
  public static ReviewState initial(String status) {
    return "quarantined".equals(status) ? QUARANTINED : PENDING_REVIEW;
  }

  /** Reads a wire name; null if unknown. */
  public static ReviewState fromWire(String wire) {
    for (ReviewState s : values()) {
      if (s.wire.equals(wire)) {
        return s;
      }
    }
    return null;
  }
}
