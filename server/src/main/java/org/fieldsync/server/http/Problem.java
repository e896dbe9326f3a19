package org.fieldsync.server.http;

import io.vertx.core.json.JsonObject;

/**
 * A failure the client should see: a {@link ProblemType} (status and stable code), a message that says what to fix,
 * and structured details. Thrown or failed anywhere in the server; rendered once, by {@link FailureHandler}, as
 * {@code {code, message, details}}.
 */
public final class Problem extends RuntimeException {
  private final ProblemType type;
  private final JsonObject details;

  public Problem(ProblemType type, String message) {
    this(type, message, new JsonObject());
  }

  public Problem(ProblemType type, String message, JsonObject details) {
    super(message, null, false, false);
    this.type = type;
    this.details = details == null ? new JsonObject() : details;
  }

  public ProblemType type() {
    return type;
  }

  public JsonObject details() {
    return details;
  }

  public JsonObject toJson() {
    return new JsonObject().put("code", type.code()).put("message", getMessage()).put("details", details);
  }

  /** A request body or parameter is wrong: names the field (a JSON pointer or parameter name) and the rule. */
  public static Problem invalidField(String field, String message) {
    return new Problem(ProblemType.REQUEST_INVALID, field + ": " + message,
        new JsonObject().put("field", field).put("problem", message));
  }

  public static Problem forbidden(String message) {
    return new Problem(ProblemType.AUTH_FORBIDDEN, message);
  }
}
