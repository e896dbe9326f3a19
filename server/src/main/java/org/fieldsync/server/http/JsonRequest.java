package org.fieldsync.server.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a JSON request body field by field and collects every problem, so one response tells the client all that
 * is wrong ({@code details.errors: [{field, problem}]}, fields as JSON pointers) instead of a bare "Bad Request".
 *
 * <pre>
 * JsonRequest in = JsonRequest.of(ctx);
 * String name = in.string("username", true, 1, 64);
 * in.done();   // throws request.invalid listing every bad field
 * </pre>
 */
public final class JsonRequest {
  private final JsonObject body;
  private final List<JsonObject> errors = new ArrayList<>();

  private JsonRequest(JsonObject body) {
    this.body = body;
  }

  public static JsonRequest of(RoutingContext ctx) {
    return new JsonRequest(bodyObject(ctx));
  }

  public static JsonRequest of(JsonObject body) {
    return new JsonRequest(body);
  }

  /** The body as a JSON object, or {@code request.not-json} saying what is wrong with it. */
  public static JsonObject bodyObject(RoutingContext ctx) {
    var buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw new Problem(ProblemType.REQUEST_NOT_JSON, "The request needs a JSON object body.");
    }
    try {
      Object value = io.vertx.core.json.Json.decodeValue(buffer);
      if (value instanceof JsonObject o) {
        return o;
      }
      throw new Problem(ProblemType.REQUEST_NOT_JSON, "The body must be a JSON object, not "
          + (value == null ? "null" : value.getClass().getSimpleName().replace("Json", "").toLowerCase()) + ".");
    } catch (DecodeException e) {
      throw new Problem(ProblemType.REQUEST_NOT_JSON, "The body is not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  public JsonObject raw() {
    return body;
  }

  public String string(String name, boolean required, int minLength, int maxLength) {
    Object v = body.getValue(name);
    if (v == null) {
      if (required) {
        error(name, "is required");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      error(name, "must be a string");
      return null;
    }
    if (s.length() < minLength || s.length() > maxLength) {
      error(name, "must be " + minLength + " to " + maxLength + " characters long");
      return null;
    }
    return s;
  }

  public String matching(String name, boolean required, Pattern pattern, String rule) {
    String s = string(name, required, 1, 200);
    if (s != null && !pattern.matcher(s).matches()) {
      error(name, rule);
      return null;
    }
    return s;
  }

  public Boolean bool(String name, boolean required) {
    Object v = body.getValue(name);
    if (v == null) {
      if (required) {
        error(name, "is required");
      }
      return null;
    }
    if (!(v instanceof Boolean b)) {
      error(name, "must be true or false");
      return null;
    }
    return b;
  }

  /** A list of strings, each turned into a value by {@code parse} (which returns null for a bad element). */
  public <T> List<T> list(String name, boolean required, int minItems, Function<String, T> parse, String rule) {
    Object v = body.getValue(name);
    if (v == null) {
      if (required) {
        error(name, "is required");
      }
      return null;
    }
    if (!(v instanceof JsonArray array)) {
      error(name, "must be an array");
      return null;
    }
    if (array.size() < minItems) {
      error(name, "must have at least " + minItems + " item" + (minItems == 1 ? "" : "s"));
      return null;
    }
    Set<T> out = new LinkedHashSet<>();
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      T parsed = item instanceof String s ? parse.apply(s) : null;
      if (parsed == null) {
        error(name + "/" + i, rule);
      } else {
        out.add(parsed);
      }
    }
    return new ArrayList<>(out);
  }

  /** Records a problem found by the caller's own rule. */
  public void error(String name, String problem) {
    String pointer = name.startsWith("/") ? name : "/" + name;
    errors.add(new JsonObject().put("field", pointer).put("problem", problem));
  }

  /** Throws {@code request.invalid} naming every bad field, if there is any. */
  public void done() {
    if (errors.isEmpty()) {
      return;
    }
    StringBuilder message = new StringBuilder();
    for (JsonObject e : errors) {
      if (message.length() > 0) {
        message.append("; ");
      }
      message.append(e.getString("field")).append(' ').append(e.getString("problem"));
    }
    throw new Problem(ProblemType.REQUEST_INVALID, "Fix these fields: " + message,
        new JsonObject().put("errors", new JsonArray(new ArrayList<>(errors))));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
