package org.fieldsync.server.questionnaire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.fieldsync.server.TestServer;
import org.fieldsync.server.account.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Publishing, immutability, diffs, downloads and validation, over HTTP against the embedded store. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuestionnaireApiTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String fixture(String name) {
    try (InputStream in = QuestionnaireApiTest.class.getResourceAsStream("/questionnaire/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  @Order(1)
  void managerPublishesAFirstVersion() {
    TestServer.Response r = server.post(Role.MANAGER, "/api/v1/questionnaires", fixture("small-v1.json"));
    assertEquals(201, r.status(), r.body());
    JsonObject q = r.json().getJsonObject("questionnaire");
    assertEquals("smalltest", q.getString("formId"));
    assertEquals(1, q.getInteger("version"));
    assertTrue(q.getString("sha256").matches("[0-9a-f]{64}"));
    assertEquals("manager-user", q.getString("publishedBy"));
    assertTrue(r.json().getBoolean("created"));
    assertNull(r.json().getValue("diff"), "a first version has nothing to compare with");
    assertEquals("/api/v1/questionnaires/smalltest/versions/1", r.header("Location"));
  }

  @Test
  @Order(2)
  void publishingTheSameContentAgainIsANoOpEvenReformatted() {
    String reformatted = new JsonObject(fixture("small-v1.json")).encode(); // no white space, same members
    TestServer.Response r = server.post(Role.MANAGER, "/api/v1/questionnaires", reformatted);
    assertEquals(200, r.status(), r.body());
    assertFalse(r.json().getBoolean("created"));
    assertEquals(1, server.get(Role.ADMIN, "/api/v1/audit?action=questionnaire.published&objectId=smalltest@1")
        .json().getJsonArray("events").size(), "the no-op is not a second publication");
  }

  @Test
  @Order(3)
  void differentContentUnderAPublishedVersionIsRefused() {
    JsonObject changed = new JsonObject(fixture("small-v1.json"));
    changed.getJsonObject("properties").getJsonObject("hh_no").put("maximum", 999);
    TestServer.Response r = server.post(Role.MANAGER, "/api/v1/questionnaires", changed.encode());
    assertEquals(409, r.status(), r.body());
    assertEquals("questionnaire.version-conflict", r.code());
    assertTrue(r.json().getString("message").contains("version 2"), r.body());
    assertEquals(64, r.json().getJsonObject("details").getString("publishedSha256").length());
  }

  @Test
  @Order(4)
  void publishingANewVersionReturnsTheDiff() {
    TestServer.Response r = server.post(Role.ADMIN, "/api/v1/questionnaires", fixture("small-v2.json"));
    assertEquals(201, r.status(), r.body());
    JsonObject diff = r.json().getJsonObject("diff");
    assertEquals(1, diff.getInteger("fromVersion"));
    assertEquals(2, diff.getInteger("toVersion"));
    assertEquals("/remittances", diff.getJsonArray("added").getJsonObject(0).getString("path"));
    JsonObject changed = diff.getJsonArray("changed").getJsonObject(0);
    assertEquals("/has_emigrant", changed.getString("path"));
    assertTrue(changed.getJsonArray("changes").encode().contains("9"), changed.encode());
    assertTrue(diff.getJsonArray("removed").isEmpty());

    TestServer.Response again = server.get(Role.ENUMERATOR, "/api/v1/questionnaires/smalltest/versions/2/diff?from=1");
    assertEquals(diff, again.json());
  }

  @Test
  @Order(5)
  void aQuestionnaireWithProblemsIsRefusedWithEveryProblemLocated() {
    TestServer.Response r = server.post(Role.MANAGER, "/api/v1/questionnaires", fixture("bad-lint.json"));
    assertEquals(422, r.status(), r.body());
    assertEquals("questionnaire.invalid", r.code());
    JsonArray problems = r.json().getJsonObject("details").getJsonArray("problems");
    Map<String, String> byCode = problems.stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(p -> p.getString("code"), p -> p.getString("pointer"), (a, b) -> a));
    assertTrue(byCode.containsKey("lint.label-missing"), problems.encode());
    assertTrue(byCode.get("lint.label-missing").startsWith("/properties/sex"), problems.encode());
    assertTrue(byCode.containsKey("lint.codes-missing"), problems.encode());
    assertTrue(byCode.containsKey("lint.skip-unknown-question"), problems.encode());
    assertTrue(byCode.get("lint.skip-unknown-question").startsWith("/allOf/0"), problems.encode());
  }

  @Test
  @Order(6)
  void anEnumeratorCannotPublish() {
    TestServer.Response r = server.post(Role.ENUMERATOR, "/api/v1/questionnaires", fixture("small-v2.json"));
    assertEquals(403, r.status());
    assertEquals("auth.forbidden", r.code());
  }

  @Test
  @Order(7)
  void tabletsDownloadWithAStrongEtagAndRevalidateCheaply() {
    TestServer.Response r = server.get(Role.ENUMERATOR, "/api/v1/questionnaires/smalltest/versions/1");
    assertEquals(200, r.status());
    String etag = r.header("ETag");
    assertTrue(etag.matches("\"[0-9a-f]{64}\""), etag);
    assertTrue(r.header("Cache-Control").contains("immutable"));
    assertEquals("smalltest", new JsonObject(r.body()).getJsonObject("x-form").getString("id"));

    TestServer.Response cached = server.send("GET", "/api/v1/questionnaires/smalltest/versions/1",
        server.token(Role.ENUMERATOR), null, Map.of("If-None-Match", etag));
    assertEquals(304, cached.status());
    assertEquals(404, server.get(Role.ENUMERATOR, "/api/v1/questionnaires/smalltest/versions/9").status());
    TestServer.Response badVersion = server.get(Role.ENUMERATOR, "/api/v1/questionnaires/smalltest/versions/abc");
    assertEquals(400, badVersion.status());
    assertEquals("version", badVersion.json().getJsonObject("details").getString("field"));
  }

  @Test
  @Order(8)
  void answersThatBreakSkipLogicComeBackLocatedAndLabelled() {
    String path = "/api/v1/questionnaires/smalltest/versions/1/validate";
    JsonObject missing = new JsonObject().put("hh_no", 3).put("has_emigrant", 1);
    TestServer.Response r = server.post(Role.ENUMERATOR, path + "?lang=fr", missing);
    assertEquals(200, r.status(), r.body());
    assertFalse(r.json().getBoolean("valid"));
    assertEquals("fr", r.json().getString("language"));
    JsonObject error = r.json().getJsonArray("errors").getJsonObject(0);
    assertEquals("/emigrant_count", error.getString("pointer"), r.body());
    assertEquals("Combien de personnes vivent à l'étranger ?", error.getString("label"));
    assertEquals("required", error.getString("keyword"));

    JsonObject forbidden = new JsonObject().put("hh_no", 3).put("has_emigrant", 2).put("emigrant_count", 2);
    JsonObject e2 = server.post(Role.SUPERVISOR, path, forbidden).json().getJsonArray("errors").getJsonObject(0);
    assertEquals("/emigrant_count", e2.getString("pointer"));
    assertEquals("How many people live abroad?", e2.getString("label"));

    JsonObject valid = new JsonObject().put("hh_no", 3).put("has_emigrant", 1).put("emigrant_count", 2);
    assertTrue(server.post(Role.ENUMERATOR, path, valid).json().getBoolean("valid"));

    TestServer.Response notJson = server.send("POST", path, server.token(Role.ENUMERATOR), "{oops");
    assertEquals(400, notJson.status());
    assertEquals("interview.not-json", notJson.code());
  }

  @Test
  @Order(9)
  void aRetiredVersionStillValidatesInterviewsStartedOnIt() {
    TestServer.Response r = server.post(Role.MANAGER, "/api/v1/questionnaires/smalltest/versions/1/retire", null);
    assertEquals(200, r.status(), r.body());
    assertTrue(r.json().getBoolean("retired"));
    TestServer.Response again = server.post(Role.MANAGER, "/api/v1/questionnaires/smalltest/versions/1/retire", null);
    assertEquals(r.json().getString("retiredAt"), again.json().getString("retiredAt"));

    JsonObject valid = new JsonObject().put("hh_no", 3).put("has_emigrant", 2);
    assertTrue(server.post(Role.ENUMERATOR, "/api/v1/questionnaires/smalltest/versions/1/validate", valid)
        .json().getBoolean("valid"));
    JsonArray listed = server.get(Role.ANALYST, "/api/v1/questionnaires?formId=smalltest").jsonArray();
    assertEquals(2, listed.size());
    assertTrue(listed.getJsonObject(0).getBoolean("retired"));
    assertFalse(listed.getJsonObject(1).getBoolean("retired"));
    assertEquals(1, server.get(Role.ADMIN, "/api/v1/audit?action=questionnaire.retired").json()
        .getJsonArray("events").size());
  }

  @Test
  @Order(10)
  void theAuditLogFiltersByActionPrefix() {
    JsonArray events = server.get(Role.MANAGER, "/api/v1/audit?action=questionnaire.*").json().getJsonArray("events");
    assertEquals(3, events.size(), events.encode()); // v1, v2 published; v1 retired
    assertEquals("questionnaire.retired", events.getJsonObject(0).getString("action"), "newest first");
    TestServer.Response bad = server.get(Role.MANAGER, "/api/v1/audit?since=yesterday");
    assertEquals(400, bad.status());
    assertEquals("since", bad.json().getJsonObject("details").getString("field"));
  }
}
