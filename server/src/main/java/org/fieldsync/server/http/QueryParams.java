package org.fieldsync.server.http;

import io.vertx.core.MultiMap;

/** Reading query parameters the same way on every route. */
public final class QueryParams {
  private QueryParams() {}

  /** {@code limit}: a whole number from 1 to {@code max}, {@code 100} when absent; else a 400 naming it. */
  public static int limit(MultiMap q, int max) {
    String raw = q.get("limit");
    if (raw == null) {
      return Math.min(100, max);
    }
    int limit;
    try {
      limit = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > max) {
      throw Problem.invalidField("limit", "must be a whole number from 1 to " + max + ", got '" + raw + "'");
    }
    return limit;
  }

  /** A parameter's value, or null when absent or blank. */
  public static String optional(MultiMap q, String name) {
    String v = q.get(name);
    return v == null || v.isBlank() ? null : v;
  }
}
