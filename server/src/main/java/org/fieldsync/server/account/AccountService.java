package org.fieldsync.server.account;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.fieldsync.server.audit.AuditLog;
import org.fieldsync.server.config.FieldsyncConfig;
import org.fieldsync.server.crypto.Passwords;
import org.fieldsync.server.crypto.Tokens;
import org.fieldsync.server.http.Problem;
import org.fieldsync.server.http.ProblemType;
import org.fieldsync.server.store.Blocking;
import org.fieldsync.server.store.Throttle;

/**
 * Accounts: creating and changing users, logging in and out, and resolving a bearer token to its user. Every
 * change and every login attempt is written to the audit log.
 */
public final class AccountService {
  public static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
  public static final int MIN_PASSWORD = 10;
  /** Failed logins allowed per username, and per client address, in one throttle window (15 minutes). */
  public static final int MAX_FAILURES_PER_USER = 10;
  public static final int MAX_FAILURES_PER_ADDRESS = 50;

  private final AccountStore store;
  private final AuditLog audit;
  private final Passwords passwords;
  private final Blocking blocking;
  private final Clock clock;
  private final FieldsyncConfig.Auth config;
  private final Throttle throttle;
  private final java.util.function.Function<String, Integer> revokeDevicesOf;

  /** @param revokeDevicesOf revokes the tablets of a user (by id) whose account is disabled; returns how many */
  public AccountService(AccountStore store, AuditLog audit, Blocking blocking, Clock clock,
      FieldsyncConfig.Auth config, Throttle throttle, java.util.function.Function<String, Integer> revokeDevicesOf) {
    this.throttle = throttle;
    this.revokeDevicesOf = revokeDevicesOf;
    this.store = store;
    this.audit = audit;
    this.blocking = blocking;
    this.clock = clock;
    this.config = config;
    this.passwords = new Passwords(config.argon2MemoryKiB(), config.argon2Iterations(), config.argon2Parallelism());
  }

  /**
   * Checks a username and password and issues a bearer token. Wrong username and wrong password look alike. Password
   * guessing is throttled per username and per client address ({@code auth.throttled} with the seconds to wait),
   * even with the right password, so a guesser learns nothing once throttled.
   */
  public Future<LoginResult> login(String username, String password, String address) {
    return blocking.run(() -> {
      String userKey = "login-user:" + username;
      String addressKey = "login-address:" + address;
      if (throttle.attempt(userKey) > MAX_FAILURES_PER_USER | throttle.attempt(addressKey) > MAX_FAILURES_PER_ADDRESS) {
        long wait = throttle.secondsLeft();
        throw new Problem(ProblemType.AUTH_THROTTLED, "Too many failed logins: try again in " + wait
            + " seconds.", new io.vertx.core.json.JsonObject().put("retryAfterSeconds", wait));
      }
      User user = store.findByUsername(username).orElse(null);
      boolean ok = passwords.verify(password, user == null ? null : user.passwordHash());
      if (!ok || user.disabled()) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", user == null ? "unknown-user" : user.disabled() ? "disabled" : "wrong-password");
        audit.record(user == null ? "-" : user.id(), username, "user.login-failed", "user",
            user == null ? username : user.id(), details);
        throw new Problem(ProblemType.AUTH_CREDENTIALS_INVALID,
            "Wrong username or password, or the account is disabled.");
      }
      throttle.forgive(userKey);
      throttle.forgive(addressKey);
      if (passwords.needsRehash(user.passwordHash())) {
        store.updateUser(user.id(), null, null, null, passwords.hash(password));
      }
      String token = Tokens.newToken();
      Instant now = clock.instant();
      Instant expires = now.plus(config.tokenTtl());
      store.insertToken(Tokens.hash(token), user.id(), now, expires);
      // a password change or disabling between the check and the insert revoked tokens before this one existed
      User after = store.findById(user.id()).orElse(null);
      if (after == null || after.disabled() || !after.passwordHash().equals(currentHash(user, password, after))) {
        store.revokeToken(Tokens.hash(token));
        throw new Problem(ProblemType.AUTH_CREDENTIALS_INVALID,
            "Wrong username or password, or the account is disabled.");
      }
      audit.record(user.principal(), "user.login", "user", user.id(), Map.of("expiresAt", expires.toString()));
      return new LoginResult(token, "Bearer", expires, user.view());
    });
  }

  /** The user a bearer token belongs to; fails with {@code auth.token-invalid} if it is unknown, expired or revoked. */
  public Future<Principal> authenticate(String token) {
    return blocking.run(() -> {
      String userId = store.findTokenUser(Tokens.hash(token), clock.instant()).orElseThrow(() -> new Problem(
          ProblemType.AUTH_TOKEN_INVALID, "The token is unknown, expired or revoked: log in again."));
      User user = store.findById(userId).filter(u -> !u.disabled()).orElseThrow(() -> new Problem(
          ProblemType.AUTH_TOKEN_INVALID, "The account of this token is disabled or gone."));
      return user.principal();
    });
  }

  public Future<Void> logout(Principal who, String token) {
    return blocking.run(() -> {
      store.revokeToken(Tokens.hash(token));
      audit.record(who, "user.logout", "user", who.userId(), Map.of());
      return null;
    });
  }

  public Future<UserView> me(Principal who) {
    return blocking.run(() -> store.findById(who.userId()).map(User::view).orElseThrow(() -> notFound(who.userId())));
  }

  public Future<List<UserView>> list() {
    return blocking.run(() -> store.listUsers().stream().map(User::view).toList());
  }

  public Future<UserView> get(String id) {
    return blocking.run(() -> store.findById(id).map(User::view).orElseThrow(() -> notFound(id)));
  }

  /** Creates a user; {@code user.exists} if the username is taken. */
  public Future<UserView> create(Principal actor, String username, String displayName, String password,
      Set<Role> roles) {
    return blocking.run(() -> createNow(actor, username, displayName, password, roles));
  }

  /** The blocking body of {@link #create}, for the CLI and the demo, which run outside Vert.x. */
  public UserView createNow(Principal actor, String username, String displayName, String password, Set<Role> roles) {
    User user = new User(UUID.randomUUID().toString(), username, displayName == null ? username : displayName,
        Set.copyOf(roles), passwords.hash(password), false, clock.instant());
    if (!store.insertUser(user)) {
      throw new Problem(ProblemType.USER_EXISTS, "The username '" + username + "' is taken: choose another.");
    }
    audit.record(actor, "user.created", "user", user.id(),
        Map.of("username", username, "roles", user.view().roles()));
    return user.view();
  }

  /**
   * Changes a user. Disabling a user or setting a new password revokes all of the user's tokens, so a lost
   * password or a departed enumerator is cut off everywhere at once.
   */
  public Future<UserView> update(Principal actor, String id, String displayName, Set<Role> roles, Boolean disabled,
      String password) {
    return blocking.run(() -> {
      store.findById(id).orElseThrow(() -> notFound(id));
      User updated = store.updateUser(id, displayName, roles, disabled,
          password == null ? null : passwords.hash(password)).orElseThrow(() -> notFound(id));
      Map<String, Object> changed = new LinkedHashMap<>();
      if (displayName != null) {
        changed.put("displayName", displayName);
      }
      if (roles != null) {
        changed.put("roles", updated.view().roles());
      }
      if (disabled != null) {
        changed.put("disabled", disabled);
      }
      if (password != null) {
        changed.put("password", "changed");
      }
      if (Boolean.TRUE.equals(disabled) || password != null) {
        changed.put("tokensRevoked", store.revokeTokensOf(id));
      }
      if (Boolean.TRUE.equals(disabled)) {
        changed.put("devicesRevoked", revokeDevicesOf.apply(id));
      }
      audit.record(actor, "user.updated", "user", id, changed);
      return updated.view();
    });
  }

  public Future<Long> revokeTokens(Principal actor, String id) {
    return blocking.run(() -> {
      store.findById(id).orElseThrow(() -> notFound(id));
      long n = store.revokeTokensOf(id);
      audit.record(actor, "user.tokens-revoked", "user", id, Map.of("count", n));
      return n;
    });
  }

  /** The hash the user should have now: the stored one, unless this login just re-hashed the same password. */
  private String currentHash(User before, String password, User after) {
    return after.passwordHash().equals(before.passwordHash()) || passwords.verify(password, after.passwordHash())
        ? after.passwordHash() : before.passwordHash();
  }

  public AccountStore store() {
    return store;
  }

  private static Problem notFound(String id) {
    return new Problem(ProblemType.USER_NOT_FOUND, "There is no user with id '" + id + "'.");
  }
}
