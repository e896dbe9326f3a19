package org.fieldsync.server.account;

import java.util.Set;

/** Who is calling: the authenticated user of a request. */
public record Principal(String userId, String username, Set<Role> roles) {
  public boolean hasAny(Set<Role> wanted) {
    for (Role r : wanted) {
      if (roles.contains(r)) {
        return true;
      }
    }
    return false;
  }

  public boolean is(Role role) {
    return roles.contains(role);
  }

  /** The actor recorded in the audit log for actions done by the server itself (the demo, the CLI). */
  public static final Principal SYSTEM = new Principal("system", "system", Set.of(Role.ADMIN));
}
