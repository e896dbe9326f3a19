package org.fieldsync.server.survey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.fieldsync.server.TestServer;
import org.fieldsync.server.account.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SurveyApiTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    for (String name : new String[] {"enum.a", "enum.b", "enum.c"}) {
      server.post(Role.ADMIN, "/api/v1/users", new JsonObject().put("username", name)
          .put("password", TestServer.PASSWORD).put("roles", new JsonArray().add("enumerator")));
    }
    server.post(Role.ADMIN, "/api/v1/users", new JsonObject().put("username", "sup.two")
        .put("password", TestServer.PASSWORD).put("roles", new JsonArray().add("supervisor")));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void managerCreatesASurveyWithTeamsAndEachEnumeratorIsInOneTeam() {
    TestServer.Response s = server.post(Role.MANAGER, "/api/v1/surveys",
        new JsonObject().put("id", "mig-2026").put("name", "Migration survey 2026"));
    assertEquals(201, s.status(), s.body());
    assertEquals(409, server.post(Role.MANAGER, "/api/v1/surveys",
        new JsonObject().put("id", "mig-2026").put("name", "again")).status());

    TestServer.Response t1 = server.post(Role.MANAGER, "/api/v1/surveys/mig-2026/teams", new JsonObject()
        .put("name", "North").put("supervisor", "supervisor-user").put("enumerators", new JsonArray().add("enum.a")
            .add("enum.b")));
    assertEquals(201, t1.status(), t1.body());
    assertEquals(2, t1.json().getJsonArray("enumerators").size());

    TestServer.Response clash = server.post(Role.MANAGER, "/api/v1/surveys/mig-2026/teams", new JsonObject()
        .put("name", "South").put("supervisor", "sup.two").put("enumerators", new JsonArray().add("enum.c")
            .add("enum.b")));
    assertEquals(409, clash.status(), clash.body());
    assertEquals("team.member-conflict", clash.code());
    assertTrue(clash.json().getString("message").contains("enum.b"));

    // the failed team claimed nobody: enum.c is still free
    TestServer.Response south = server.post(Role.MANAGER, "/api/v1/surveys/mig-2026/teams", new JsonObject()
        .put("name", "South").put("supervisor", "sup.two").put("enumerators", new JsonArray().add("enum.c")));
    assertEquals(201, south.status(), south.body());

    assertEquals(2, server.get(Role.MANAGER, "/api/v1/surveys/mig-2026/teams").jsonArray().size());
    JsonArray mine = server.get(Role.SUPERVISOR, "/api/v1/surveys/mig-2026/teams").jsonArray();
    assertEquals(1, mine.size(), "a supervisor sees only their own teams");
    assertEquals("North", mine.getJsonObject(0).getString("name"));
  }

  @Test
  void teamMembersMustHoldTheRightRoles() {
    server.post(Role.MANAGER, "/api/v1/surveys", new JsonObject().put("id", "roles-check").put("name", "x"));
    TestServer.Response r = server.post(Role.MANAGER, "/api/v1/surveys/roles-check/teams", new JsonObject()
        .put("name", "T").put("supervisor", "enum.a").put("enumerators", new JsonArray()));
    assertEquals(422, r.status());
    assertEquals("user.role-mismatch", r.code());
    assertEquals("/supervisor", r.json().getJsonObject("details").getString("field"));
    TestServer.Response unknown = server.post(Role.MANAGER, "/api/v1/surveys/roles-check/teams", new JsonObject()
        .put("name", "T").put("supervisor", "supervisor-user").put("enumerators", new JsonArray().add("ghost")));
    assertEquals(404, unknown.status());
    assertEquals("/enumerators/0", unknown.json().getJsonObject("details").getString("field"));
  }

  @Test
  void badSurveyIdsAreExplained() {
    TestServer.Response r = server.post(Role.MANAGER, "/api/v1/surveys",
        new JsonObject().put("id", "Has Spaces").put("name", "x"));
    assertEquals(400, r.status());
    assertEquals("/id", r.json().getJsonObject("details").getJsonArray("errors").getJsonObject(0)
        .getString("field"));
    assertEquals(404, server.get(Role.ENUMERATOR, "/api/v1/surveys/none").status());
  }
}
