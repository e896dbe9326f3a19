package org.fieldsync.server.account;

import java.time.Instant;
import java.util.List;

/** A user as the API shows it. */
public record UserView(String id, String username, String displayName, List<String> roles, boolean disabled,
    Instant createdAt) {}
