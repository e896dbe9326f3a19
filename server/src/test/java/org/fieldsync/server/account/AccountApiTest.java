package org.fieldsync.server.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.bson.Document;
import org.fieldsync.server.TestServer;
import org.fieldsync.server.crypto.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccountApiTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static TestServer.Response login(String username, String password) {
    return server.post(null, "/api/v1/auth/login",
        new JsonObject().put("username", username).put("password", password));
  }

  @Test
  void loginReturnsATokenThatIsStoredOnlyAsItsHash() {
    TestServer.Response r = login("manager-user", TestServer.PASSWORD);
    assertEquals(200, r.status(), r.body());
    String token = r.json().getString("token");
    assertEquals("Bearer", r.json().getString("tokenType"));
    assertEquals(new JsonArray().add("manager"), r.json().getJsonObject("user").getJsonArray("roles"));
    assertNull(r.json().getJsonObject("user").getValue("passwordHash"));

    var tokens = server.server().mongo().db().getCollection("tokens");
    assertNull(tokens.find(new Document("_id", token)).first(), "the plaintext token must not be stored");
    assertNotNull(tokens.find(new Document("_id", Tokens.hash(token))).first());

    TestServer.Response me = server.send("GET", "/api/v1/auth/me", token, null);
    assertEquals("manager-user", me.json().getString("username"));
  }

  @Test
  void passwordsAreStoredAsArgon2idWithTheirParameters() {
    Document user = server.server().mongo().db().getCollection("users")
        .find(new Document("username", "analyst-user")).first();
    String hash = user.getString("passwordHash");
    assertTrue(hash.startsWith("$argon2id$v=19$m=1024,t=1,p=1$"), hash);
    assertFalse(hash.contains(TestServer.PASSWORD));
  }

  @Test
  void wrongPasswordAndUnknownUserLookAlikeAndAreAudited() {
    TestServer.Response wrong = login("supervisor-user", "not the password");
    TestServer.Response unknown = login("nobody-here", "not the password");
    assertEquals(401, wrong.status());
    assertEquals("auth.credentials-invalid", wrong.code());
    assertEquals(wrong.body(), unknown.body());

    JsonArray events = server.get(org.fieldsync.server.account.Role.ADMIN,
        "/api/v1/audit?action=user.login-failed&actor=supervisor-user").json().getJsonArray("events");
    assertFalse(events.isEmpty());
    assertEquals("wrong-password", events.getJsonObject(0).getJsonObject("details").getString("reason"));
  }

  @Test
  void loginWithMissingFieldsNamesEachField() {
    TestServer.Response r = server.post(null, "/api/v1/auth/login", new JsonObject().put("username", 42));
    assertEquals(400, r.status());
    assertEquals("request.invalid", r.code());
    JsonArray errors = r.json().getJsonObject("details").getJsonArray("errors");
    assertEquals("/username", errors.getJsonObject(0).getString("field"));
    assertEquals("must be a string", errors.getJsonObject(0).getString("problem"));
    assertEquals("/password", errors.getJsonObject(1).getString("field"));
    assertTrue(r.json().getString("message").contains("/password is required"), r.body());
  }

  @Test
  void loginWithABodyThatIsNotJsonSaysSo() {
    TestServer.Response r = server.send("POST", "/api/v1/auth/login", null, "username=admin");
    assertEquals(400, r.status());
    assertEquals("request.not-json", r.code());
  }

  @Test
  void logoutRevokesTheToken() {
    String token = login("enumerator-user", TestServer.PASSWORD).json().getString("token");
    assertEquals(204, server.send("POST", "/api/v1/auth/logout", token, null).status());
    TestServer.Response after = server.send("GET", "/api/v1/auth/me", token, null);
    assertEquals(401, after.status());
    assertEquals("auth.token-invalid", after.code());
  }

  @Test
  void adminCreatesUsersAndEveryBadFieldIsReported() {
    TestServer.Response bad = server.post(Role.ADMIN, "/api/v1/users", new JsonObject()
        .put("username", "X").put("password", "short").put("roles", new JsonArray().add("wizard")));
    assertEquals(400, bad.status());
    JsonArray errors = bad.json().getJsonObject("details").getJsonArray("errors");
    assertEquals(3, errors.size(), bad.body());
    assertEquals("/username", errors.getJsonObject(0).getString("field"));
    assertEquals("/password", errors.getJsonObject(1).getString("field"));
    assertEquals("/roles/0", errors.getJsonObject(2).getString("field"));

    TestServer.Response ok = server.post(Role.ADMIN, "/api/v1/users", new JsonObject()
        .put("username", "amina.k").put("displayName", "Amina K.").put("password", "a long passphrase")
        .put("roles", new JsonArray().add("enumerator")));
    assertEquals(201, ok.status(), ok.body());
    assertEquals(200, login("amina.k", "a long passphrase").status());

    TestServer.Response again = server.post(Role.ADMIN, "/api/v1/users", new JsonObject()
        .put("username", "amina.k").put("password", "a long passphrase").put("roles", new JsonArray().add("analyst")));
    assertEquals(409, again.status());
    assertEquals("user.exists", again.code());

    JsonArray created = server.get(Role.MANAGER, "/api/v1/audit?action=user.created&objectId="
        + ok.json().getString("id")).json().getJsonArray("events");
    assertEquals(1, created.size());
    assertEquals("admin-user", created.getJsonObject(0).getString("actorName"));
  }

  @Test
  void disablingAUserRevokesTheirTokensAndRefusesLogin() {
    String id = server.post(Role.ADMIN, "/api/v1/users", new JsonObject().put("username", "leaving.soon")
        .put("password", "a long passphrase").put("roles", new JsonArray().add("enumerator"))).json().getString("id");
    String token = login("leaving.soon", "a long passphrase").json().getString("token");
    assertEquals(200, server.send("GET", "/api/v1/auth/me", token, null).status());

    TestServer.Response disabled = server.patch(Role.ADMIN, "/api/v1/users/" + id,
        new JsonObject().put("disabled", true));
    assertEquals(200, disabled.status(), disabled.body());
    assertTrue(disabled.json().getBoolean("disabled"));
    assertEquals(401, server.send("GET", "/api/v1/auth/me", token, null).status());
    assertEquals("auth.credentials-invalid", login("leaving.soon", "a long passphrase").code());
  }

  @Test
  void updatingAUserRefusesFieldsThatCannotChange() {
    String id = server.get(Role.ADMIN, "/api/v1/auth/me").json().getString("id");
    TestServer.Response r = server.patch(Role.ADMIN, "/api/v1/users/" + id,
        new JsonObject().put("username", "renamed").put("passwordHash", "x"));
    assertEquals(400, r.status());
    assertEquals(2, r.json().getJsonObject("details").getJsonArray("errors").size(), r.body());
  }

  @Test
  void revokingAUsersTokensLogsThemOutEverywhere() {
    String id = server.post(Role.ADMIN, "/api/v1/users", new JsonObject().put("username", "lost.tablet")
        .put("password", "a long passphrase").put("roles", new JsonArray().add("enumerator"))).json().getString("id");
    String t1 = login("lost.tablet", "a long passphrase").json().getString("token");
    String t2 = login("lost.tablet", "a long passphrase").json().getString("token");
    TestServer.Response r = server.post(Role.ADMIN, "/api/v1/users/" + id + "/revoke-tokens", null);
    assertEquals(2L, r.json().getLong("revoked"));
    assertEquals(401, server.send("GET", "/api/v1/auth/me", t1, null).status());
    assertEquals(401, server.send("GET", "/api/v1/auth/me", t2, null).status());
  }

  @Test
  void unknownUserIsNotFound() {
    TestServer.Response r = server.get(Role.MANAGER, "/api/v1/users/nope");
    assertEquals(404, r.status());
    assertEquals("user.not-found", r.code());
  }
}
