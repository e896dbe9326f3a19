package org.fieldsync.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fieldsync.server.account.Principal;
import org.fieldsync.server.account.Role;
import org.fieldsync.server.config.ConfigLoader;
import org.fieldsync.server.config.FieldsyncConfig;

/**
 * A real fieldsync server for API tests: random port, embedded store in a fresh temporary directory, one user per
 * role ({@code <role>-user}, password {@link #PASSWORD}), and a plain HTTP client. Argon2 runs with low cost here
 * so logins are fast; production defaults are in {@link ConfigLoader}.
 */
public final class TestServer implements AutoCloseable {
  public static final String PASSWORD = "correct horse battery";

  private final FieldsyncServer server;
  private final Path dataDir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<Role, String> tokens = new EnumMap<>(Role.class);

  private TestServer(FieldsyncServer server, Path dataDir) {
    this.server = server;
    this.dataDir = dataDir;
  }

  public static TestServer start() {
    return start(Map.of());
  }

  public static TestServer start(Map<String, String> settings) {
    try {
      Path dir = Files.createTempDirectory("fieldsync-test");
      Map<String, String> overrides = new LinkedHashMap<>();
      overrides.put("http.host", "127.0.0.1");
      overrides.put("http.port", "0");
      overrides.put("store.data-dir", dir.toString());
      overrides.put("auth.argon2.memory-kib", "1024");
      overrides.put("auth.argon2.iterations", "1");
      overrides.putAll(settings);
      FieldsyncConfig config = ConfigLoader.load(null, Map.of(), overrides);
      TestServer t = new TestServer(FieldsyncServer.start(config), dir);
      for (Role role : Role.values()) {
        t.server.services().accounts().createNow(Principal.SYSTEM, username(role), null, PASSWORD,
            EnumSet.of(role));
      }
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String username(Role role) {
    return role.wire() + "-user";
  }

  /** The directory of the embedded store (and, without configured keys, the key-encryption key file). */
  public Path dataDir() {
    return dataDir;
  }

  public FieldsyncServer server() {
    return server;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  /** A bearer token for the test user of a role (logged in once, then reused). */
  public String token(Role role) {
    return tokens.computeIfAbsent(role, r -> {
      Response login = send("POST", "/api/v1/auth/login", null,
          new JsonObject().put("username", username(r)).put("password", PASSWORD).encode());
      if (login.status() != 200) {
        throw new IllegalStateException("login failed: " + login.body());
      }
      return login.json().getString("token");
    });
  }

  public Response get(Role as, String path) {
    return send("GET", path, as == null ? null : token(as), null);
  }

  public Response post(Role as, String path, Object body) {
    return send("POST", path, as == null ? null : token(as), body == null ? null : body.toString());
  }

  public Response patch(Role as, String path, Object body) {
    return send("PATCH", path, as == null ? null : token(as), body.toString());
  }

  public Response send(String method, String path, String token, String body) {
    return send(method, path, token, body, Map.of());
  }

  public Response send(String method, String path, String token, String body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An enrolled tablet: its id, device token and Ed25519 key pair. */
  public record Tablet(String deviceId, String token, org.fieldsync.client.SigningKeyPair key, String surveyId,
      JsonObject enrolment) {}

  /**
   * Enrols a tablet for {@code enumerator-user} in a survey (created with a team of the test supervisor and that
   * enumerator if it does not exist), over HTTP as a supervisor and a tablet would.
   */
  public Tablet enrolTablet(String surveyId) {
    return enrolTablet(surveyId, username(Role.ENUMERATOR));
  }

  public Tablet enrolTablet(String surveyId, String enumerator) {
    if (get(Role.MANAGER, "/api/v1/surveys/" + surveyId).status() == 404) {
      post(Role.MANAGER, "/api/v1/surveys", new JsonObject().put("id", surveyId).put("name", surveyId));
    }
    if (get(Role.MANAGER, "/api/v1/surveys/" + surveyId + "/teams").jsonArray().stream()
        .noneMatch(t -> ((JsonObject) t).getJsonArray("enumerators").encode().contains("\"" + enumerator + "\""))) {
      Response team = post(Role.MANAGER, "/api/v1/surveys/" + surveyId + "/teams", new JsonObject()
          .put("name", "team of " + enumerator).put("supervisor", username(Role.SUPERVISOR))
          .put("enumerators", new JsonArray().add(enumerator)));
      if (team.status() != 201) {
        throw new IllegalStateException(team.toString());
      }
    }
    Response code = post(Role.MANAGER, "/api/v1/surveys/" + surveyId + "/enrolments",
        new JsonObject().put("enumerator", enumerator));
    if (code.status() != 201) {
      throw new IllegalStateException(code.toString());
    }
    var key = org.fieldsync.client.FieldsyncCrypto.generateSigningKeyPair();
    String normalised = org.fieldsync.client.EnrolmentInvite.normalizeCode(code.json().getString("code"));
    byte[] proof = org.fieldsync.client.FieldsyncCrypto.enrolmentProof(normalised,
        org.fieldsync.client.FieldsyncCrypto.signer(key));
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    Response enrolled = post(null, "/api/v1/devices/enrol", new JsonObject().put("code", normalised)
        .put("publicKey", b64.encodeToString(key.publicKey())).put("proof", b64.encodeToString(proof))
        .put("deviceName", "test tablet").put("appVersion", "1.0"));
    if (enrolled.status() != 201) {
      throw new IllegalStateException(enrolled.toString());
    }
    return new Tablet(enrolled.json().getString("deviceId"), enrolled.json().getString("token"), key, surveyId,
        enrolled.json());
  }

  @Override
  public void close() {
    server.close();
    try (var files = Files.walk(dataDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp directory is harmless
    }
  }

  /** An HTTP response. */
  public record Response(int status, String body, Map<String, java.util.List<String>> headers) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public JsonArray jsonArray() {
      return new JsonArray(body);
    }

    public String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    /** The problem code of an error response. */
    public String code() {
      return json().getString("code");
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
