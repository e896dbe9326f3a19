package org.fieldsync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.fieldsync.server.TestServer;
import org.fieldsync.server.account.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API as mounted and as documented agree: the OpenAPI document is a valid 3.1 contract, it describes every
 * mounted endpoint and nothing else, and its {@code x-roles} are the roles the route enforces. Then, for every
 * endpoint, every role it does not list is refused with 403 and a call without a token with 401 — checked over HTTP.
 */
class ApiContractTest {
  private static TestServer server;
  private static JsonNode openApi;
  private static final Path DOC = Path.of(System.getProperty("fieldsync.repo.root", ".."), "docs", "openapi.yaml");

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    openApi = new ObjectMapper(new YAMLFactory()).readTree(DOC.toFile());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * Checked against the official OpenAPI 3.1 schema with Vert.x's own contract validator, and every {@code $ref}
   * resolves. (Vert.x's router builder is not used: it does not accept media types such as
   * {@code application/problem+json} that the API serves.)
   */
  @Test
  void openApiDocumentIsAValidOpenApi31Contract() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject json = new JsonObject(new ObjectMapper().writeValueAsString(openApi));
      assertEquals(OpenAPIVersion.V3_1, OpenAPIVersion.fromContract(json));
      SchemaRepository repo = OpenAPIVersion.V3_1.getRepository(vertx, "https://fieldsync.org/openapi.yaml")
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      OutputUnit result = OpenAPIVersion.V3_1.validateContract(vertx, repo, json)
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertTrue(result.getValid(), () -> "not a valid OpenAPI 3.1 document: " + result.toJson().encodePrettily());
      JsonObject resolved = OpenAPIVersion.V3_1.resolve(vertx, repo, json)
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertFalse(resolved.getJsonObject("paths").isEmpty());
    } finally {
      vertx.close();
    }
  }

  @Test
  void everyMountedEndpointIsDocumentedWithTheRolesItEnforces() {
    Set<String> mounted = new TreeSet<>();
    for (Api.Endpoint e : server.server().endpoints()) {
      String key = e.method().name().toLowerCase(Locale.ROOT) + " " + e.openApiPath();
      mounted.add(key);
      JsonNode op = openApi.path("paths").path(e.openApiPath()).path(e.method().name().toLowerCase(Locale.ROOT));
      assertFalse(op.isMissingNode(), "not in docs/openapi.yaml: " + key);
      Set<String> documented = new TreeSet<>();
      op.path("x-roles").forEach(r -> documented.add(r.asText()));
      assertEquals(declared(e.access()), documented, "x-roles of " + key);
    }
    Set<String> documentedOps = new TreeSet<>();
    openApi.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> {
      if (List.of("get", "post", "put", "patch", "delete").contains(m.getKey())) {
        documentedOps.add(m.getKey() + " " + p.getKey());
      }
    }));
    assertEquals(documentedOps, mounted, "documented operations that are not mounted, or the reverse");
  }

  @Test
  void everyEndpointRefusesEachRoleItDoesNotAllow() {
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (Api.Endpoint e : server.server().endpoints()) {
      if (!e.access().authenticated()) {
        continue;
      }
      String path = samplePath(e.path());
      EnumSet<Role> allowed = EnumSet.noneOf(Role.class);
      allowed.addAll(e.access().roles());
      for (Role role : EnumSet.complementOf(allowed)) {
        TestServer.Response r = server.send(e.method().name(), path, server.token(role), "{}");
        checked++;
        if (r.status() != 403 || !"auth.forbidden".equals(r.code())) {
          failures.add(e.method() + " " + e.path() + " as " + role.wire() + " -> " + r);
        }
      }
    }
    assertTrue(checked > 10, "expected many refusals to check, got " + checked);
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void aTabletsDeviceTokenIsRefusedEverywhereButSyncAndDownloads() {
    String deviceToken = server.enrolTablet("contract-survey").token();
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (Api.Endpoint e : server.server().endpoints()) {
      if (!e.access().authenticated() || e.access().devices()) {
        continue;
      }
      TestServer.Response r = server.send(e.method().name(), samplePath(e.path()), deviceToken, "{}");
      checked++;
      if (r.status() != 403 || !"auth.forbidden".equals(r.code())) {
        failures.add(e.method() + " " + e.path() + " with a device token -> " + r);
      }
    }
    assertTrue(checked > 10);
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void everyAuthenticatedEndpointRefusesMissingAndUnknownTokens() {
    List<String> failures = new ArrayList<>();
    for (Api.Endpoint e : server.server().endpoints()) {
      if (!e.access().authenticated()) {
        continue;
      }
      String path = samplePath(e.path());
      TestServer.Response none = server.send(e.method().name(), path, null, "{}");
      if (none.status() != 401 || !"auth.required".equals(none.code())) {
        failures.add(e.method() + " " + e.path() + " without token -> " + none);
      }
      TestServer.Response bad = server.send(e.method().name(), path, "not-a-real-token", "{}");
      if (bad.status() != 401 || !"auth.token-invalid".equals(bad.code())) {
        failures.add(e.method() + " " + e.path() + " with unknown token -> " + bad);
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void unknownPathsAnswerWithTheErrorModel() {
    TestServer.Response r = server.get(null, "/api/v1/no-such-thing");
    assertEquals(404, r.status());
    assertEquals("resource.not-found", r.code());
    assertNotNull(r.json().getString("message"));
    assertNotNull(r.json().getJsonObject("details"));
  }

  private static Set<String> declared(Access access) {
    Set<String> out = new TreeSet<>();
    if (!access.authenticated()) {
      out.add("public");
    } else {
      access.roles().forEach(r -> out.add(r.wire()));
      if (access.devices()) {
        out.add("device");
      }
    }
    return out;
  }

  private static String samplePath(String path) {
    return path.replace(":version", "1").replace(":revision", "1").replaceAll(":[A-Za-z0-9_]+", "x");
  }
}
