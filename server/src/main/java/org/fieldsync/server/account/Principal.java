package org.fieldsync.server.account;

import java.util.Set;

/**
 * Who is calling: the authenticated user of a request, or an enrolled tablet acting for its enumerator
 * ({@code deviceId} set, role enumerator).
 */
public record Principal(String userId, String username, Set<Role> roles, String deviceId) {
  public Principal(String userId, String username, Set<Role> roles) {
    this(userId, username, roles, null);
  }

  public boolean isDevice() {
    return deviceId != null;
  }

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
