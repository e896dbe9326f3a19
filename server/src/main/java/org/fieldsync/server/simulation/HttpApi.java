package org.fieldsync.server.simulation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The public HTTP API as the simulated people use it: JSON in and out, a bearer token per person, and a clear
 * exception naming the call when the server refuses it.
 */
public final class HttpApi {
  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public HttpApi(String baseUrl) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  public String base() {
    return base;
  }

  /** A server answer. */
  public record Answer(int status, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public JsonArray jsonArray() {
      return new JsonArray(body);
    }
  }

  /** Thrown when the server answers 4xx or 5xx. */
  public static final class CallFailed extends RuntimeException {
    private final int status;

    CallFailed(String message, int status) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** Logs in and returns the bearer token. */
  public String login(String username, String password) {
    return call("POST", "/api/v1/auth/login", null, new JsonObject().put("username", username)
        .put("password", password)).json().getString("token");
  }

  public Answer get(String path, String token) {
    return send("GET", path, token, null, null);
  }

  /** A JSON call; {@code body} may be null. */
  public Answer call(String method, String path, String token, JsonObject body) {
    return send(method, path, token, body == null ? null : body.encode(), body == null ? null : "application/json");
  }

  public Answer send(String method, String path, String token, String body, String contentType) {
    HttpRequest.Builder b = request(path, token).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 400) {
        throw new CallFailed(method + " " + path + " answered " + r.statusCode() + ": " + r.body(), r.statusCode());
      }
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + method + " " + path, e);
    }
  }

  /** Downloads a file (GET) to {@code target}. */
  public void download(String path, String token, Path target) {
    try {
      HttpResponse<Path> r = http.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofFile(target));
      if (r.statusCode() != 200) {
        throw new CallFailed("GET " + path + " answered " + r.statusCode(), r.statusCode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + path, e);
    }
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }
}
