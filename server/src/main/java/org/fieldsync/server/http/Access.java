package org.fieldsync.server.http;

import java.util.EnumSet;
import java.util.Set;
import org.fieldsync.server.account.Role;

/**
 * Who may call an endpoint: nobody needs to log in ({@link #PUBLIC}), any logged-in user, or only some roles. Every
 * route declares one; the OpenAPI document repeats it as {@code x-roles}, and a test checks both agree and that every
 * other role is refused with 403.
 */
public record Access(boolean authenticated, Set<Role> roles) {
  public static final Access PUBLIC = new Access(false, Set.of());
  public static final Access ANY_USER = new Access(true, EnumSet.allOf(Role.class));

  public static Access roles(Role first, Role... rest) {
    return new Access(true, EnumSet.of(first, rest));
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
