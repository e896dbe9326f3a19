package org.fieldsync.server.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Persistence of users and bearer tokens (stored as hashes). Blocking; called from worker threads. */
public interface AccountStore {
  void ensureIndexes();

  /** Inserts a user; returns false if the username is taken. */
  boolean insertUser(User user);

  Optional<User> findByUsername(String username);

  Optional<User> findById(String id);

  List<User> listUsers();

  /** Replaces a user's mutable fields; returns the updated user, or empty if there is no such user. */
  Optional<User> updateUser(String id, String displayName, Set<Role> roles, Boolean disabled, String passwordHash);

  void insertToken(String tokenHash, String userId, Instant createdAt, Instant expiresAt);

  /** The user id of an unexpired, unrevoked token, if any. */
  Optional<String> findTokenUser(String tokenHash, Instant now);

  /** Revokes one token; returns true if it existed. */
  boolean revokeToken(String tokenHash);

  /** Revokes every token of a user; returns how many. */
  long revokeTokensOf(String userId);
}
