package org.fieldsync.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.fieldsync.forms.ShippedQuestionnaires;
import org.fieldsync.server.TestServer;
import org.fieldsync.server.questionnaire.PublishResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo's data, and the "done means" walk: a manager publishes a new version over HTTP and gets the diff. */
class DemoTest {
  private static TestServer server;
  private static List<PublishResult> first;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    first = Demo.seed(server.server().services());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String demoToken(String username) {
    Demo.Account a = Demo.ACCOUNTS.stream().filter(x -> x.username().equals(username)).findFirst().orElseThrow();
    TestServer.Response r = server.post(null, "/api/v1/auth/login",
        new JsonObject().put("username", a.username()).put("password", a.password()));
    assertEquals(200, r.status(), r.body());
    return r.json().getString("token");
  }

  @Test
  void publishesTheFiveShippedQuestionnairesOnceAndIsIdempotent() {
    assertEquals(List.of("household", "listing", "migration", "transit", "children"),
        first.stream().map(p -> p.questionnaire().formId()).toList());
    List<PublishResult> again = Demo.seed(server.server().services());
    assertTrue(again.stream().noneMatch(PublishResult::created));
    JsonArray listed = server.send("GET", "/api/v1/questionnaires", demoToken("enumerator1"), null).jsonArray();
    assertEquals(5, listed.stream().map(o -> ((JsonObject) o).getString("formId")).distinct().count());
  }

  @Test
  void aManagerPublishesANewVersionOfAShippedQuestionnaireAndGetsTheDiff() {
    JsonObject household = new JsonObject(new String(ShippedQuestionnaires.read("household"), StandardCharsets.UTF_8));
    household.getJsonObject("x-form").put("version", 2);
    String firstSection = household.getJsonObject("x-form").getJsonArray("sections").getJsonObject(0).getString("id");
    household.getJsonObject("properties").put("water_source", new JsonObject()
        .put("type", "integer").put("enum", new JsonArray().add(1).add(2).add(3))
        .put("x-section", firstSection)
        .put("x-label", new JsonObject().put("en", "Main source of drinking water")
            .put("fr", "Principale source d'eau de boisson"))
        .put("x-codes", new JsonArray()
            .add(new JsonObject().put("code", 1).put("label", new JsonObject().put("en", "Piped").put("fr", "Robinet")))
            .add(new JsonObject().put("code", 2).put("label", new JsonObject().put("en", "Well").put("fr", "Puits")))
            .add(new JsonObject().put("code", 3).put("label", new JsonObject().put("en", "Other").put("fr", "Autre")))));
    TestServer.Response r = server.send("POST", "/api/v1/questionnaires", demoToken("manager"), household.encode());
    assertEquals(201, r.status(), r.body());
    JsonArray added = r.json().getJsonObject("diff").getJsonArray("added");
    assertEquals("/water_source", added.getJsonObject(0).getString("path"));

    TestServer.Response refused = server.send("POST", "/api/v1/questionnaires", demoToken("enumerator1"),
        household.encode());
    assertEquals(403, refused.status());
  }

  @Test
  void everyShippedInvalidExampleComesBackWithLocatedLabelledErrors() {
    String token = demoToken("supervisor");
    for (PublishResult p : first) {
      String id = p.questionnaire().formId();
      JsonObject expectations = new JsonObject(new String(ShippedQuestionnaires.example(id, "expectations.json"),
          StandardCharsets.UTF_8));
      assertFalse(expectations.isEmpty(), id);
      for (String file : expectations.fieldNames()) {
        String answers = new String(ShippedQuestionnaires.example(id, file), StandardCharsets.UTF_8);
        TestServer.Response r = server.send("POST", "/api/v1/questionnaires/" + id + "/versions/"
            + p.questionnaire().version() + "/validate?lang=fr", token, answers);
        assertEquals(200, r.status(), r.body());
        assertFalse(r.json().getBoolean("valid"), id + "/" + file);
        JsonArray errors = r.json().getJsonArray("errors");
        for (Object pointer : expectations.getJsonObject(file).getJsonArray("pointers")) {
          JsonObject hit = errors.stream().map(JsonObject.class::cast)
              .filter(e -> e.getString("pointer").equals(pointer)).findFirst().orElse(null);
          assertTrue(hit != null, id + "/" + file + ": no error at " + pointer + " in " + errors.encode());
          if (!hit.getString("question").isEmpty()) { // unknown members have no question, hence no label
            assertFalse(hit.getString("label").isBlank(), "a French label for " + pointer + " in " + id);
          }
        }
      }
    }
  }
}
