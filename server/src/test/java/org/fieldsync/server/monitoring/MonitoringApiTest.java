package org.fieldsync.server.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fieldsync.server.Fieldwork;
import org.fieldsync.server.TestServer;
import org.fieldsync.server.account.Role;
import org.fieldsync.forms.ShippedQuestionnaires;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Coverage, review and their live stream over HTTP against the embedded store, driven by tablets as in the field.
 * One survey for the whole class: the tests run in order, as a fieldwork day, and check totals as they grow.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringApiTest {
  private static final String BASE = "/api/v1/surveys/" + Fieldwork.SURVEY;
  private static Fieldwork fw;
  private static String supervisor;
  private static String manager;

  @BeforeAll
  static void start() {
    fw = Fieldwork.start();
    supervisor = fw.demoToken("supervisor");
    manager = fw.demoToken("manager");
  }

  @AfterAll
  static void stop() {
    fw.close();
  }

  private static JsonObject coverage(String token, String query) {
    TestServer.Response r = fw.server().send("GET", BASE + "/coverage" + query, token, null);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  private static JsonObject post(String token, String path, JsonObject body, int status) {
    TestServer.Response r = fw.server().send("POST", BASE + path, token, body.encode());
    assertEquals(status, r.status(), r.body());
    return r.json();
  }

  private static String upload(JsonObject assignment, String disposition, String typeFound, int minutes) {
    String id = UUID.randomUUID().toString();
    Instant start = Instant.parse("2026-11-20T08:00:00Z");
    TestServer.Response r = fw.upload(fw.header(assignment, id, 1).disposition(disposition)
        .householdTypeFound(typeFound).startedAt(start).endedAt(start.plusSeconds(60L * minutes)).build(),
        Fieldwork.ANSWERS);
    assertEquals(201, r.status(), r.body());
    return id;
  }

  private static JsonObject counts(JsonObject row, String group) {
    return row.getJsonObject(group);
  }

  @Test
  @Order(1)
  void coverageFollowsUploadsAndReviewDecisionsAndARebuildGivesTheSameNumbers() {
    List<JsonObject> mine = fw.assignmentsOf("enumerator1");
    JsonObject before = coverage(supervisor, "");
    long assigned = fw.assignments().size();
    assertEquals(assigned, before.getJsonObject("total").getJsonObject("all").getLong("assigned"));
    long visitedBefore = before.getJsonObject("total").getJsonObject("all").getLong("visited");

    JsonObject a = mine.get(0);
    String type = a.getJsonObject("household").getString("type");
    String complete = upload(a, "completed", type, 40);
    JsonObject b = mine.get(1);
    String changed = upload(b, "completed", "NON".equals(b.getJsonObject("household").getString("type")) ? "EMIG"
        : "NON", 35);
    upload(mine.get(2), "refused", null, 2);

    JsonObject after = coverage(supervisor, "");
    JsonObject all = after.getJsonObject("total").getJsonObject("all");
    assertEquals(visitedBefore + 3, all.getLong("visited"));
    assertTrue(all.getLong("complete") >= 2);
    assertTrue(all.getLong("refusal") >= 1);
    assertTrue(all.getLong("typeChanged") >= 1);
    assertTrue(all.getLong("pendingReview") >= 3);
    JsonObject enumerator1 = after.getJsonArray("enumerators").stream().map(JsonObject.class::cast)
        .filter(e -> "enumerator1".equals(e.getString("username"))).findFirst().orElseThrow();
    assertNotNull(enumerator1.getString("lastSyncAt"));
    assertTrue(enumerator1.getDouble("interviewsPerDay") >= 3);

    // supervisor approves, manager approves, supervisor rejects; the rejected one comes back as revision 2
    assertEquals("approvedBySupervisor", post(supervisor, "/interviews/" + complete + "/review",
        new JsonObject().put("revision", 1).put("decision", "approve"), 200).getString("review"));
    assertEquals("approvedByManager", post(manager, "/interviews/" + complete + "/review",
        new JsonObject().put("revision", 1).put("decision", "approve"), 200).getString("review"));
    JsonObject conflict = post(supervisor, "/interviews/" + complete + "/review",
        new JsonObject().put("revision", 1).put("decision", "approve"), 409);
    assertEquals("review.state-conflict", conflict.getString("code"));
    assertEquals("/comment", post(supervisor, "/interviews/" + changed + "/review",
        new JsonObject().put("revision", 1).put("decision", "reject"), 400).getJsonObject("details")
        .getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals("rejected", post(supervisor, "/interviews/" + changed + "/review", new JsonObject()
        .put("revision", 1).put("decision", "reject").put("comment", "The household has an emigrant: check the "
            + "roster"), 200).getString("review"));
    JsonObject mid = coverage(manager, "").getJsonObject("total").getJsonObject("all");
    assertTrue(mid.getLong("approvedByManager") >= 1);
    assertTrue(mid.getLong("rejected") >= 1);

    TestServer.Response second = fw.upload(fw.header(b, changed, 2).disposition("completed")
        .householdTypeFound(b.getJsonObject("household").getString("type")).build(), Fieldwork.ANSWERS);
    assertEquals(201, second.status(), second.body());
    JsonObject detail = fw.server().send("GET", BASE + "/interviews/" + changed + "?lang=fr", supervisor, null)
        .json();
    assertEquals(2, detail.getInteger("revision"));
    assertEquals("pendingReview", detail.getString("review"));
    assertTrue(detail.getJsonArray("history").stream().map(JsonObject.class::cast)
        .anyMatch(h -> "interview.rejected".equals(h.getString("action"))), detail.encodePrettily());
    assertTrue(detail.getJsonArray("answers").stream().map(JsonObject.class::cast)
        .anyMatch(r -> r.getString("label").startsWith("Membres du ménage") || r.getString("section").length() > 0),
        detail.getJsonArray("answers").encodePrettily());
    JsonObject e1 = coverage(supervisor, "").getJsonArray("enumerators").stream().map(JsonObject.class::cast)
        .filter(e -> "enumerator1".equals(e.getString("username"))).findFirst().orElseThrow();
    assertNotNull(e1.getDouble("rejectionRate"));

    // rebuilding from the stored interviews gives the same coverage
    JsonObject live = strip(coverage(manager, "?stratum=" + a.getString("stratum")));
    JsonObject rebuilt = post(manager, "/coverage/rebuild", new JsonObject(), 200);
    assertTrue(rebuilt.getInteger("households") >= 3, rebuilt.encode());
    assertEquals(live, strip(coverage(manager, "?stratum=" + a.getString("stratum"))));
  }

  private static JsonObject strip(JsonObject coverage) {
    JsonObject c = coverage.copy();
    c.remove("generatedAt");
    c.remove("version");
    return c;
  }

  @Test
  @Order(2)
  void theControlGroupLaggingAndAHouseholdInterviewedTwiceRaiseAlerts() {
    List<JsonObject> theirs = fw.assignments();
    String ea = theirs.stream().filter(a -> !"NON".equals(a.getJsonObject("household").getString("type")))
        .map(a -> a.getString("eaId")).filter(e -> theirs.stream().anyMatch(x -> x.getString("eaId").equals(e)
            && "NON".equals(x.getJsonObject("household").getString("type")))).findFirst().orElseThrow();
    for (JsonObject a : theirs) {
      if (a.getString("eaId").equals(ea) && !"NON".equals(a.getJsonObject("household").getString("type"))) {
        upload(a, "completed", a.getJsonObject("household").getString("type"), 30);
      }
    }
    JsonObject dup = theirs.stream().filter(a -> a.getString("eaId").equals(ea)
        && !"NON".equals(a.getJsonObject("household").getString("type"))).findFirst().orElseThrow();
    upload(dup, "completed", dup.getJsonObject("household").getString("type"), 30);
    JsonObject c = coverage(supervisor, "?team=" + dup.getString("teamId"));
    JsonArray alerts = c.getJsonArray("alerts");
    assertTrue(alerts.stream().map(JsonObject.class::cast).anyMatch(x -> "control-lagging".equals(x.getString("kind"))
        && ea.equals(x.getString("subject")) && x.getString("message").contains("control group")),
        alerts.encode() + c.getJsonArray("eas").encodePrettily());
    assertTrue(alerts.stream().map(JsonObject.class::cast)
        .anyMatch(x -> "duplicate-household".equals(x.getString("kind"))), alerts.encode());
    JsonObject eaRow = c.getJsonArray("eas").stream().map(JsonObject.class::cast)
        .filter(r -> ea.equals(r.getString("id"))).findFirst().orElseThrow();
    assertTrue(eaRow.getJsonObject("rates").getDouble("completionMigrant")
        > eaRow.getJsonObject("rates").getDouble("completionControl"));
  }

  @Test
  @Order(3)
  void bulkApprovalDecidesEachInterviewOnItsOwn() {
    JsonObject a = fw.assignmentsOf("enumerator1").get(3);
    String good = upload(a, "completed", a.getJsonObject("household").getString("type"), 30);
    String bad = UUID.randomUUID().toString();
    JsonObject b = fw.assignmentsOf("enumerator1").get(4);
    TestServer.Response r = fw.upload(fw.header(b, bad, 1).build(),
        ShippedQuestionnaires.example("household", "invalid-missing-roster.json"));
    assertEquals(201, r.status(), r.body());
    JsonArray results = post(supervisor, "/reviews", new JsonObject().put("decision", "approve").put("interviews",
        new JsonArray().add(new JsonObject().put("interviewId", good).put("revision", 1))
            .add(new JsonObject().put("interviewId", bad).put("revision", 1))), 200).getJsonArray("results");
    assertEquals("approved", results.getJsonObject(0).getString("outcome"));
    assertEquals("refused", results.getJsonObject(1).getString("outcome"));
    assertEquals("review.quarantined", results.getJsonObject(1).getString("code"));
    JsonArray queue = fw.server().send("GET", BASE + "/interviews?review=quarantined", supervisor, null).json()
        .getJsonArray("interviews");
    assertTrue(queue.stream().map(JsonObject.class::cast).anyMatch(i -> bad.equals(i.getString("interviewId"))
        && i.getInteger("errors") > 0));
    JsonObject detail = fw.server().send("GET", BASE + "/interviews/" + bad, supervisor, null).json();
    assertEquals("quarantined", detail.getString("status"));
    assertFalse(detail.getJsonArray("errors").isEmpty());
  }

  @Test
  @Order(4)
  void onlyReviewersSeeCoverageAndASupervisorSeesOnlyTheirTeams() {
    for (Role role : List.of(Role.ENUMERATOR, Role.ANALYST)) {
      TestServer.Response r = fw.server().send("GET", BASE + "/coverage", fw.server().token(role), null);
      assertEquals(403, r.status(), r.body());
      assertEquals("auth.forbidden", r.json().getString("code"));
    }
    // a supervisor without a team in this survey sees no team and no counts
    JsonObject other = coverage(fw.server().token(Role.SUPERVISOR), "");
    assertTrue(other.getJsonArray("teams").isEmpty());
    assertEquals(0, other.getJsonObject("total").getJsonObject("all").getLong("assigned"));
    assertEquals(400, fw.server().send("GET", BASE + "/coverage?stratum=NOPE", supervisor, null).status());
    assertEquals(400, fw.server().send("GET", BASE + "/interviews?review=maybe", supervisor, null).status());
    assertEquals(404, fw.server().send("GET", "/api/v1/surveys/no-such/coverage", manager, null).status());
  }

  @Test
  @Order(5)
  void theEventStreamAnnouncesANewUpload() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(URI.create(fw.server().baseUrl() + BASE
        + "/events")).header("Authorization", "Bearer " + supervisor).build(), HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, stream.statusCode());
    assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    Iterator<String> lines = stream.body().iterator();
    long first = version(lines);
    JsonObject a = fw.assignmentsOf("enumerator2").get(fw.assignmentsOf("enumerator2").size() - 1);
    CompletableFuture<Long> next = CompletableFuture.supplyAsync(() -> version(lines));
    upload(a, "not-at-home", null, 1);
    long later = next.get(10, TimeUnit.SECONDS);
    assertTrue(later > first, first + " then " + later);
    stream.body().close();
  }

  @Test
  @Order(6)
  void anUploadToAnotherInstanceSharingTheStoreIsAnnouncedToo() throws Exception {
    // a second server instance on the same store, as instances share a replica set
    var config = org.fieldsync.server.config.ConfigLoader.load(null, java.util.Map.of(), java.util.Map.of(
        "http.host", "127.0.0.1", "http.port", "0", "store.mongodb-uri", fw.server().server().mongo().embeddedUri(),
        "keys.kek-file", fw.server().dataDir().resolve("kek.key").toString()));
    try (var other = org.fieldsync.server.FieldsyncServer.start(config)) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + other.port() + BASE + "/events")).header("Authorization", "Bearer " + supervisor).build(),
          HttpResponse.BodyHandlers.ofLines());
      assertEquals(200, stream.statusCode());
      Iterator<String> lines = stream.body().iterator();
      long first = version(lines);
      CompletableFuture<Long> next = CompletableFuture.supplyAsync(() -> version(lines));
      JsonObject a = fw.assignmentsOf("enumerator2").get(fw.assignmentsOf("enumerator2").size() - 2);
      upload(a, "refused", null, 1); // through the first instance
      long later = next.get(10, TimeUnit.SECONDS);
      assertTrue(later > first, first + " then " + later);
      stream.body().close();
    }
  }

  @Test
  @Order(7)
  void aGpsPointFarFromItsEaRaisesAnAlertAndBadCentroidsAreRefused() {
    JsonObject a = fw.assignmentsOf("enumerator1").get(5);
    JsonObject answers = new JsonObject(new String(Fieldwork.ANSWERS, java.nio.charset.StandardCharsets.UTF_8));
    answers.put("gps", answers.getJsonObject("gps", new JsonObject()).copy().put("lat", 48.85).put("lon", 2.35));
    String id = UUID.randomUUID().toString();
    TestServer.Response r = fw.upload(fw.header(a, id, 1).build(),
        answers.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(201, r.status(), r.body());
    JsonArray alerts = coverage(supervisor, "").getJsonArray("alerts");
    assertTrue(alerts.stream().map(JsonObject.class::cast).anyMatch(x -> "gps-far".equals(x.getString("kind"))
        && id.equals(x.getString("interviewId")) && x.getString("message").contains("km from the EA's centroid")),
        alerts.encode());

    String csv = org.fieldsync.server.sampling.SyntheticCensus.HEADER + "\n"
        + "X-0001,CAP-U,CAP/1,100,5,2,1,12.1,-3.4\nX-0002,CAP-U,CAP/2,100,5,2,1,north,-3.4\n";
    TestServer.Response bad = fw.server().send("POST", BASE + "/frames", manager, csv,
        java.util.Map.of("Content-Type", "text/csv"));
    assertEquals("frame.invalid", bad.json().getString("code"), bad.body());
    JsonObject problem = bad.json().getJsonObject("details").getJsonArray("problems").getJsonObject(0);
    assertEquals(3, problem.getInteger("line"));
    assertEquals("lat", problem.getString("column"));
  }

  private static long version(Iterator<String> lines) {
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("data: ")) {
        return new JsonObject(line.substring(6)).getLong("version");
      }
    }
    throw new AssertionError("the stream ended");
  }
}
