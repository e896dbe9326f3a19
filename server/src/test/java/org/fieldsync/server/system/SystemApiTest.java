package org.fieldsync.server.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.fieldsync.server.TestServer;
import org.fieldsync.server.account.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SystemApiTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("http.max-body-bytes", "2048"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void healthAndReadinessAnswerWithoutLogin() {
    assertEquals("up", server.get(null, "/health").json().getString("status"));
    TestServer.Response ready = server.get(null, "/ready");
    assertEquals(200, ready.status());
    assertEquals("embedded", ready.json().getString("store"));
  }

  @Test
  void metricsAreInPrometheusFormat() {
    server.get(null, "/health");
    TestServer.Response r = server.get(null, "/metrics");
    assertEquals(200, r.status());
    assertTrue(r.body().contains("vertx_http_server_requests_total"), r.body().substring(0, 200));
  }

  @Test
  void theOpenApiDocumentIsServed() {
    TestServer.Response r = server.get(null, "/openapi.yaml");
    assertEquals(200, r.status());
    assertTrue(r.body().startsWith("openapi: 3.1.0"));
  }

  @Test
  void anOversizedBodyGetsA413WithTheErrorModel() {
    TestServer.Response r = server.post(Role.MANAGER, "/api/v1/surveys", "{\"id\":\"" + "x".repeat(4096) + "\"}");
    assertEquals(413, r.status());
    assertEquals("request.too-large", r.code());
  }

  @Test
  void responsesCarrySecurityHeaders() {
    TestServer.Response r = server.get(null, "/health");
    assertEquals("nosniff", r.header("X-Content-Type-Options"));
  }
}
