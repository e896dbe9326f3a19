package org.fieldsync.server.account;

import java.util.Locale;

/** What a user may do. A user holds one or more roles. */
public enum Role {
  /** Manages accounts and the server; can do what a manager can. */
  ADMIN,
  /** Survey manager: creates surveys and teams, publishes and retires questionnaires. */
  MANAGER,
  /** Field supervisor: watches and reviews their teams' work, enrols tablets. */
  SUPERVISOR,
  /** Enumerator: syncs a tablet, lists EAs and interviews households. */
  ENUMERATOR,
  /** Analyst: exports cleaned data. */
  ANALYST;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named on the wire ({@code "manager"}), or null if there is none by that name. */
  public static Role fromWire(String s) {
    for (Role r : values()) {
      if (r.wire().equals(s)) {
        return r;
      }
    }
    return null;
  }
}
