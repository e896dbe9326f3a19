package org.fieldsync.server.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.fieldsync.server.TestServer;
import org.fieldsync.server.account.Role;
import org.fieldsync.server.cli.Demo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A sampler runs the synthetic census through plan → freeze → listing upload → household selection over HTTP, and
 * sees the interview assignments with their weights.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SamplingApiTest {
  private static final String SURVEY = Demo.SURVEY;
  private static final String BASE = "/api/v1/surveys/" + SURVEY;
  private static final List<SyntheticCensus.Ea> FRAME = SyntheticCensus.frame(600, 7);
  private static TestServer server;
  private static String frameSha;
  private static String planId;

  static final JsonObject DESIGN = new JsonObject()
      .put("cutoffs", new JsonArray().add(0.05).add(0.15))
      .put("classLabels", new JsonArray().add("LOW").add("MED").add("HIGH"))
      .put("allocation", "MIGRANT_PROPORTIONAL")
      .put("totalPsus", 60)
      .put("takes", new JsonObject().put("EMIG", 6).put("RET", 3).put("NON", 6));

  @BeforeAll
  static void start() {
    server = TestServer.start();
    Demo.seed(server.server().services());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static TestServer.Response sendCsv(String method, Role as, String path, String csv) {
    return server.send(method, path, server.token(as), csv, Map.of("Content-Type", "text/csv"));
  }

  @Test
  @Order(1)
  void aBadFrameIsRefusedWithEveryBadRowAndItsLine() {
    String csv = "ea_id,domain,census_hh,census_emig_hh,census_ret_hh\nA1,R1,100,10,5\nA2,R1,abc,1,1\n"
        + "A1,R1,50,60,0\n";
    TestServer.Response r = sendCsv("POST", Role.MANAGER, BASE + "/frames", csv);
    assertEquals(422, r.status(), r.body());
    assertEquals("frame.invalid", r.code());
    JsonArray problems = r.json().getJsonObject("details").getJsonArray("problems");
    assertTrue(problems.size() >= 3, problems.encode());
    assertEquals(3, problems.getJsonObject(0).getInteger("line"));
    assertTrue(problems.stream().map(JsonObject.class::cast).anyMatch(p -> p.getInteger("line") == 4),
        problems.encode());
  }

  @Test
  @Order(2)
  void theSamplerUploadsTheSyntheticFrameAndZeroHouseholdEasAreReported() {
    TestServer.Response r = sendCsv("POST", Role.MANAGER, BASE + "/frames?name=meridia.csv",
        SyntheticCensus.frameCsv(600, 7));
    assertEquals(201, r.status(), r.body());
    frameSha = r.json().getString("sha256");
    long empty = FRAME.stream().filter(e -> e.households() == 0).count();
    assertEquals(FRAME.size() - empty, (long) r.json().getInteger("eas"));
    assertEquals(empty, (long) r.json().getJsonArray("excluded").size());
    int frames = server.get(Role.ANALYST, BASE + "/frames").jsonArray().size();
    assertEquals(201, sendCsv("POST", Role.MANAGER, BASE + "/frames", SyntheticCensus.frameCsv(600, 7)).status(),
        "uploading the same frame again is harmless");
    JsonArray listed = server.get(Role.ANALYST, BASE + "/frames").jsonArray();
    assertEquals(frames, listed.size(), "and adds nothing");
    assertTrue(listed.stream().anyMatch(f -> frameSha.equals(((JsonObject) f).getString("sha256"))));
  }

  @Test
  @Order(3)
  void aPreviewShowsExpectedMigrantAndControlHouseholdsPerStratum() {
    TestServer.Response r = server.post(Role.MANAGER, BASE + "/plans", new JsonObject().put("frameSha256", frameSha)
        .put("design", DESIGN).put("seed", 20261123));
    assertEquals(201, r.status(), r.body());
    JsonObject plan = r.json();
    planId = plan.getString("id");
    assertEquals("draft", plan.getString("status"));
    assertEquals("20261123", plan.getString("seed"));
    JsonObject totals = plan.getJsonObject("totals");
    assertEquals(60, totals.getInteger("psus"));
    assertTrue(totals.getDouble("expectedMigrant") > 0 && totals.getDouble("expectedControl") > 0, totals.encode());
    assertTrue(totals.getLong("listingLoad") > 0);
    assertNotNull(totals.getDouble("mdd"));
    JsonArray strata = plan.getJsonArray("strata");
    assertTrue(strata.size() >= 10, "domains x prevalence classes: " + strata.size());
    JsonObject high = strata.stream().map(JsonObject.class::cast)
        .filter(s -> "HIGH".equals(s.getString("prevalenceClass"))).findFirst().orElseThrow();
    assertTrue(high.getDouble("prevalence") >= 0.15, high.encode());

    JsonObject record = server.get(Role.ANALYST, BASE + "/plans/" + planId + "/record").json();
    assertEquals(frameSha, record.getString("frameSha256"));
    assertNotNull(record.getValue("libraryVersion"));
  }

  @Test
  @Order(4)
  void badDesignsAndListingBeforeFreezingAreExplained() {
    TestServer.Response unknown = server.post(Role.MANAGER, BASE + "/plans", new JsonObject()
        .put("frameSha256", frameSha).put("design", DESIGN.copy().put("totalPSUs", 3)));
    assertEquals(422, unknown.status(), unknown.body());
    assertEquals("plan.invalid", unknown.code());
    assertTrue(unknown.json().getString("message").contains("totalPSUs"), unknown.body());

    TestServer.Response missing = server.post(Role.MANAGER, BASE + "/plans", new JsonObject()
        .put("frameSha256", "0".repeat(64)).put("design", DESIGN));
    assertEquals(404, missing.status());
    assertEquals("frame.not-found", missing.code());

    TestServer.Response fields = server.post(Role.MANAGER, BASE + "/plans", new JsonObject().put("seed", "x"));
    assertEquals(400, fields.status());
    assertEquals(3, fields.json().getJsonObject("details").getJsonArray("errors").size(), fields.body());

    TestServer.Response draft = sendCsv("PUT", Role.SUPERVISOR, BASE + "/plans/" + planId + "/eas/X/listing",
        "ea_id,line,hh_type\nX,1,NON\n");
    assertEquals(409, draft.status(), draft.body());
    assertEquals("plan.not-frozen", draft.code());
  }

  @Test
  @Order(5)
  void freezingSelectsTheEasAndGivesEachAListingAssignment() {
    TestServer.Response r = server.post(Role.MANAGER, BASE + "/plans/" + planId + "/freeze", null);
    assertEquals(200, r.status(), r.body());
    assertEquals("frozen", r.json().getString("status"));
    assertEquals("manager-user", r.json().getString("frozenBy"));

    JsonArray eas = server.get(Role.SUPERVISOR, BASE + "/plans/" + planId + "/eas").jsonArray();
    assertEquals(60, eas.size());
    eas.stream().map(JsonObject.class::cast).forEach(ea -> {
      assertEquals("listing", ea.getString("status"));
      assertTrue(List.of("enumerator1", "enumerator2").contains(ea.getString("enumerator")), ea.encode());
    });
    JsonArray listing = server.get(Role.MANAGER, BASE + "/assignments?kind=listing").jsonArray();
    assertEquals(60, listing.size());
    assertEquals("listing", listing.getJsonObject(0).getString("formId"));

    TestServer.Response again = server.post(Role.MANAGER, BASE + "/plans/" + planId + "/freeze", null);
    assertEquals(200, again.status());
    assertEquals(60, server.get(Role.MANAGER, BASE + "/assignments?kind=listing").jsonArray().size(),
        "freezing twice creates nothing twice");

    TestServer.Response second = server.post(Role.MANAGER, BASE + "/plans", new JsonObject()
        .put("frameSha256", frameSha).put("design", DESIGN).put("seed", 1));
    assertEquals(201, second.status(), "a second plan is a new object");
    TestServer.Response refused = server.post(Role.MANAGER, BASE + "/plans/" + second.json().getString("id")
        + "/freeze", null);
    assertEquals(409, refused.status());
    assertEquals("plan.sample-exists", refused.code());
  }

  @Test
  @Order(6)
  void aListingSelectsHouseholdsWhoseWeightsAddUpToTheListedCount() {
    JsonObject ea = server.get(Role.SUPERVISOR, BASE + "/plans/" + planId + "/eas").jsonArray().getJsonObject(0);
    String eaId = ea.getString("eaId");
    SyntheticCensus.Ea census = FRAME.stream().filter(e -> e.eaId().equals(eaId)).findFirst().orElseThrow();
    String listingCsv = SyntheticCensus.listingCsv(census, 99);
    int listed = (int) listingCsv.lines().count() - 1;

    TestServer.Response r = sendCsv("PUT", Role.SUPERVISOR, BASE + "/plans/" + planId + "/eas/" + eaId + "/listing",
        listingCsv);
    assertEquals(200, r.status(), r.body());
    assertEquals(listed, r.json().getInteger("householdsListed"));
    assertEquals("selected", r.json().getJsonObject("ea").getString("status"));
    assertTrue(r.json().getBoolean("created"));

    JsonArray households = server.get(Role.ANALYST, BASE + "/assignments?kind=interview&ea=" + eaId).jsonArray();
    assertEquals(r.json().getInteger("assignmentsCreated"), households.size());
    assertFalse(households.isEmpty());
    double pi1 = ea.getDouble("pi1");
    for (Object o : households) {
      JsonObject a = (JsonObject) o;
      assertEquals("household", a.getString("formId"));
      assertEquals(pi1, a.getDouble("pi1"), 0.0);
      assertEquals(1 / (a.getDouble("pi1") * a.getDouble("pi2")), a.getDouble("baseWeight"), 1e-9);
      assertNotNull(a.getJsonObject("household").getString("type"));
    }
    // SPEC section 6: within the EA, the sum of 1/pi2 over the selected households of a type is its listed count
    for (Object o : r.json().getJsonObject("ea").getJsonArray("classes")) {
      JsonObject c = (JsonObject) o;
      double sum = households.stream().map(JsonObject.class::cast)
          .filter(a -> a.getJsonObject("household").getString("takeClass").equals(c.getString("takeClass")))
          .mapToDouble(a -> 1 / a.getDouble("pi2")).sum();
      assertEquals(c.getInteger("listed"), sum, 1e-9, c.encode());
    }

    TestServer.Response same = sendCsv("PUT", Role.SUPERVISOR, BASE + "/plans/" + planId + "/eas/" + eaId
        + "/listing", listingCsv);
    assertEquals(200, same.status(), "the same listing again is a no-op");
    assertFalse(same.json().getBoolean("created"));
    assertEquals(households.size(), server.get(Role.ANALYST, BASE + "/assignments?kind=interview&ea=" + eaId)
        .jsonArray().size());

    TestServer.Response other = sendCsv("PUT", Role.SUPERVISOR, BASE + "/plans/" + planId + "/eas/" + eaId
        + "/listing", "ea_id,line,hh_type\n" + eaId + ",1,NON\n");
    assertEquals(409, other.status());
    assertEquals("listing.already-complete", other.code());
  }

  @Test
  @Order(7)
  void listingFormAnswersFromATabletAreValidatedThenUsed() {
    JsonObject ea = server.get(Role.SUPERVISOR, BASE + "/plans/" + planId + "/eas").jsonArray().getJsonObject(1);
    String path = BASE + "/plans/" + planId + "/eas/" + ea.getString("eaId") + "/listing";
    JsonObject good1 = household(ea.getString("eaId"), 1, 1, 2, 2, 1);
    JsonObject good2 = household(ea.getString("eaId"), 2, 2, 2, 2, 4);
    JsonObject bad = household(ea.getString("eaId"), 3, 1, 2, 2, 4); // emigrant household typed as control

    TestServer.Response refused = server.send("PUT", path, server.token(Role.SUPERVISOR),
        new JsonObject().put("households", new JsonArray().add(good1).add(good2).add(bad)).encode());
    assertEquals(422, refused.status(), refused.body());
    assertEquals("listing.invalid", refused.code());
    String pointer = refused.json().getJsonObject("details").getJsonArray("problems").getJsonObject(0)
        .getString("pointer");
    assertTrue(pointer.startsWith("/households/2/"), refused.body());

    TestServer.Response ok = server.send("PUT", path, server.token(Role.SUPERVISOR),
        new JsonObject().put("households", new JsonArray().add(good1).add(good2)).encode());
    assertEquals(200, ok.status(), ok.body());
    assertEquals(2, ok.json().getInteger("householdsListed"));
    assertEquals(2, ok.json().getInteger("assignmentsCreated"), "fewer listed than the take: take all");
  }

  @Test
  @Order(8)
  void everyStepIsInTheAuditLog() {
    JsonArray events = server.get(Role.ADMIN, "/api/v1/audit?limit=1000").json().getJsonArray("events");
    List<String> actions = events.stream().map(e -> ((JsonObject) e).getString("action")).toList();
    for (String action : List.of("frame.uploaded", "plan.created", "plan.frozen", "listing.received")) {
      assertTrue(actions.contains(action), action + " in " + actions);
    }
    assertEquals(1, actions.stream().filter("plan.frozen"::equals).count());
  }

  private static JsonObject household(String ea, int line, int emig, int ret, int imm, int type) {
    JsonObject h = new JsonObject().put("ea_code", ea).put("structure_no", line).put("dwelling_no", 1)
        .put("hh_no", line).put("head_name", "Head " + line).put("hh_size", 4).put("has_emigrant", emig)
        .put("has_return", ret).put("has_immigrant", imm).put("hh_type", type);
    if (emig == 1) {
      h.put("n_emigrants", 1);
    }
    return h;
  }
}
