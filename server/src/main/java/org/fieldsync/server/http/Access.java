package org.fieldsync.server.http;

import java.util.EnumSet;
import java.util.Set;
import org.fieldsync.server.account.Role;

/**
 * Who may call an endpoint: nobody needs to log in ({@link #PUBLIC}), any logged-in user, only some roles, and/or
 * enrolled tablets. Every route declares one; the OpenAPI document repeats it as {@code x-roles} ({@code device} for
 * tablets), and a test checks both agree and that every other role is refused with 403.
 */
public record Access(boolean authenticated, Set<Role> roles, boolean devices) {
  public static final Access PUBLIC = new Access(false, Set.of(), false);
  public static final Access ANY_USER = new Access(true, EnumSet.allOf(Role.class), false);
  /** Only enrolled tablets (device tokens): pull and push. */
  public static final Access DEVICE = new Access(true, Set.of(), true);

  public static Access roles(Role first, Role... rest) {
    return new Access(true, EnumSet.of(first, rest), false);
  }

  /** The same, and enrolled tablets too (acting for their enumerator). */
  public Access orDevice() {
    return new Access(authenticated, roles, true);
  }

  /** Whether this principal may call: a device only where devices are allowed, a user by role. */
  public boolean allows(org.fieldsync.server.account.Principal who) {
    return who.isDevice() ? devices : allows(who.roles());
  }

  public boolean allows(Set<Role> held) {
    for (Role r : held) {
      if (roles.contains(r)) {
        return true;
      }
    }
    return false;
  }
}
