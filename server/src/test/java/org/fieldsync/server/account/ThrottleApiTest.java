package org.fieldsync.server.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.fieldsync.server.TestServer;
import org.fieldsync.server.sync.SyncService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Guessing passwords and enrolment codes is throttled, in the store, so every server instance counts the same. */
class ThrottleApiTest {
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TestServer.Response login(String user, String password, Map<String, String> headers) {
    return server.send("POST", "/api/v1/auth/login", null,
        new JsonObject().put("username", user).put("password", password).encode(), headers);
  }

  @Test
  void passwordGuessingIsThrottledPerUsernameEvenWithTheRightPasswordAfterwards() {
    server.post(Role.ADMIN, "/api/v1/users", new JsonObject().put("username", "target.user")
        .put("password", TestServer.PASSWORD).put("roles", new JsonArray().add("enumerator")));
    for (int i = 0; i < AccountService.MAX_FAILURES_PER_USER; i++) {
      assertEquals(401, login("target.user", "guess " + i, Map.of()).status());
    }
    TestServer.Response throttled = login("target.user", TestServer.PASSWORD, Map.of());
    assertEquals(429, throttled.status(), throttled.body());
    assertEquals("auth.throttled", throttled.code());
    assertNotNull(throttled.header("Retry-After"));
    assertTrue(Long.parseLong(throttled.header("Retry-After")) > 0);
    assertEquals(200, login(TestServer.username(Role.MANAGER), TestServer.PASSWORD, Map.of()).status(),
        "other accounts are not affected");
  }

  @Test
  void guessingEnrolmentCodesIsThrottledPerAddress() {
    JsonObject attempt = new JsonObject().put("code", "0000-0000-0000").put("publicKey", "A".repeat(43))
        .put("proof", "A".repeat(86)).put("deviceName", "t").put("appVersion", "1");
    for (int i = 0; i < SyncService.MAX_ENROLMENT_FAILURES; i++) {
      TestServer.Response r = server.post(null, "/api/v1/devices/enrol", attempt);
      assertTrue(r.status() == 401 || r.status() == 422, r.toString());
    }
    TestServer.Response throttled = server.post(null, "/api/v1/devices/enrol", attempt);
    assertEquals(429, throttled.status(), throttled.body());
    assertEquals("auth.throttled", throttled.code());
  }

  @Test
  void behindATrustedProxyTheForwardedAddressIsWhatIsCounted() {
    try (TestServer proxied = TestServer.start(Map.of("http.trust-proxy", "true"))) {
      for (int i = 0; i < AccountService.MAX_FAILURES_PER_ADDRESS; i++) {
        proxied.send("POST", "/api/v1/auth/login", null, new JsonObject().put("username", "nobody" + i)
            .put("password", "x").encode(), Map.of("X-Forwarded-For", "203.0.113.7"));
      }
      TestServer.Response blocked = proxied.send("POST", "/api/v1/auth/login", null, new JsonObject()
          .put("username", "someone").put("password", "x").encode(), Map.of("X-Forwarded-For", "203.0.113.7"));
      assertEquals(429, blocked.status());
      TestServer.Response other = proxied.send("POST", "/api/v1/auth/login", null, new JsonObject()
          .put("username", TestServer.username(Role.ANALYST)).put("password", TestServer.PASSWORD).encode(),
          Map.of("X-Forwarded-For", "198.51.100.9"));
      assertEquals(200, other.status(), "another client address is not affected");
    }
  }
}
