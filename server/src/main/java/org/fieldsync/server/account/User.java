package org.fieldsync.server.account;

import java.time.Instant;
import java.util.Set;

/** A stored account. Only {@link UserView} crosses the wire: the password hash never leaves the store. */
public record User(String id, String username, String displayName, Set<Role> roles, String passwordHash,
    boolean disabled, Instant createdAt) {

  public UserView view() {
    return new UserView(id, username, displayName, roles.stream().map(Role::wire).sorted().toList(), disabled,
        createdAt);
  }

  public Principal principal() {
    return new Principal(id, username, roles);
  }
}
