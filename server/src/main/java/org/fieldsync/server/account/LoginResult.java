package org.fieldsync.server.account;

import java.time.Instant;

/** A new bearer token. The token itself is shown only here, once; the server keeps its hash. */
public record LoginResult(String token, String tokenType, Instant expiresAt, UserView user) {}
