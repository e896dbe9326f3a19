package org.fieldsync.server.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.bson.Document;
import org.bson.types.Binary;
import org.fieldsync.sampling.Csv;
import org.fieldsync.sampling.Design;
import org.fieldsync.sampling.DesignVariables;
import org.fieldsync.sampling.HouseholdType;
import org.fieldsync.sampling.NonresponseAdjustment;
import org.fieldsync.sampling.SelectedHousehold;
import org.fieldsync.server.Fieldwork;
import org.fieldsync.server.TestServer;
import org.fieldsync.server.account.Role;
import org.fieldsync.server.cli.Demo;
import org.fieldsync.server.sampling.SyntheticCensus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analyst export over HTTP on the embedded store: a survey in the field with every sampled household of its
 * listed EAs visited (completes, refusals, a vacant dwelling), most completes approved, one left pending, one
 * rejected; then exports checked file by file against the interviews that produced them and against the sampling
 * library's weights, and the generated R script run on one of them.
 */
class ExportApiTest {
  private static final String BASE = "/api/v1/surveys/" + Fieldwork.SURVEY;
  private static Fieldwork fw;
  private static TestServer server;
  private static List<JsonObject> assignments;
  /** Assignment id → expected disposition and review outcome. */
  private static final Map<String, String> DISPOSITION = new HashMap<>();
  private static final Map<String, String> INTERVIEW = new HashMap<>();
  private static final Set<String> APPROVED = new HashSet<>();
  private static String pending;
  private static String rejected;
  /** An earlier interview of an approved household, superseded by a later one, its stored answers unreadable. */
  private static String superseded;
  private static double listingTotal;

  @BeforeAll
  static void fieldwork() {
    // two readers of storage-order slices (one is the default): the ordering across slices is what needs testing
    fw = Fieldwork.start(Map.of("export.readers", "2"));
    server = fw.server();
    listEnoughEas();
    assignments = server.get(Role.MANAGER, BASE + "/assignments?kind=interview").jsonArray().stream()
        .map(JsonObject.class::cast).toList();
    String supervisor = fw.demoToken("supervisor");
    JsonArray approvals = new JsonArray();
    for (int i = 0; i < assignments.size(); i++) {
      JsonObject a = assignments.get(i);
      String disposition = i % 10 == 3 ? "refused" : i % 10 == 7 ? "vacant" : "completed";
      if (i == 2) {
        superseded = uploadUnreadable(a);
      }
      String interviewId = UUID.randomUUID().toString();
      JsonObject answers = new JsonObject(new String(Fieldwork.ANSWERS, StandardCharsets.UTF_8)).put("hh_no", i + 1);
      var header = fw.header(a, interviewId, 1).disposition(disposition).build();
      TestServer.Response r = fw.upload(header, located(answers, a));
      assertEquals(201, r.status(), r.body());
      assertEquals("accepted", r.json().getJsonObject("receipt").getString("status"), r.body());
      DISPOSITION.put(a.getString("id"), disposition);
      INTERVIEW.put(a.getString("id"), interviewId);
      if (!"completed".equals(disposition)) {
        continue;
      }
      if (pending == null) {
        pending = interviewId;
      } else if (rejected == null) {
        rejected = interviewId;
        TestServer.Response reject = server.send("POST", BASE + "/interviews/" + interviewId + "/review",
            supervisor, new JsonObject().put("revision", 1).put("decision", "reject")
                .put("comment", "Check the roster").encode());
        assertEquals(200, reject.status(), reject.body());
      } else {
        approvals.add(new JsonObject().put("interviewId", interviewId).put("revision", 1));
        APPROVED.add(interviewId);
      }
    }
    TestServer.Response approved = server.send("POST", BASE + "/reviews", supervisor,
        new JsonObject().put("decision", "approve").put("interviews", approvals).encode());
    assertEquals(200, approved.status(), approved.body());
  }

  /**
   * Lists more EAs so that every stratum with a listed EA has two (variance needs two PSUs per stratum), and adds up
   * the listing total the base weights must reproduce: each listed EA's households of the sampled take classes,
   * times its hits over π1.
   */
  private static void listEnoughEas() {
    JsonArray eas = server.get(Role.MANAGER, BASE + "/plans/" + fw.planId() + "/eas").jsonArray();
    Map<String, List<JsonObject>> byStratum = new LinkedHashMap<>();
    for (Object o : eas) {
      JsonObject ea = (JsonObject) o;
      byStratum.computeIfAbsent(ea.getString("stratum"), k -> new ArrayList<>()).add(ea);
    }
    Set<String> listed = new HashSet<>();
    for (Object o : eas) {
      if (!"listing".equals(((JsonObject) o).getString("status"))) {
        listed.add(((JsonObject) o).getString("psuId"));
      }
    }
    for (List<JsonObject> stratum : byStratum.values()) {
      long have = stratum.stream().filter(e -> listed.contains(e.getString("psuId"))).count();
      for (JsonObject ea : stratum) {
        if (have == 0 || have >= 2 || listed.contains(ea.getString("psuId"))) {
          continue;
        }
        SyntheticCensus.Ea census = SyntheticCensus.frame(Demo.FRAME_EAS, Demo.FRAME_SEED).stream()
            .filter(e -> e.eaId().equals(ea.getString("eaId"))).findFirst().orElseThrow();
        TestServer.Response r = server.send("PUT", BASE + "/plans/" + fw.planId() + "/eas/" + census.eaId()
            + "/listing", server.token(Role.MANAGER), SyntheticCensus.listingCsv(census, 5),
            Map.of("Content-Type", "text/csv"));
        assertEquals(200, r.status(), r.body());
        listed.add(ea.getString("psuId"));
        have++;
      }
    }
    for (Object o : server.get(Role.MANAGER, BASE + "/plans/" + fw.planId() + "/eas").jsonArray()) {
      JsonObject ea = (JsonObject) o;
      if (!listed.contains(ea.getString("psuId"))) {
        continue;
      }
      for (Object c : ea.getJsonArray("classes")) {
        JsonObject cls = (JsonObject) c;
        if (cls.getInteger("take") > 0) {
          listingTotal += cls.getInteger("listed") * ea.getInteger("hits") / ea.getDouble("pi1");
        }
      }
    }
  }

  /**
   * Uploads a completed interview of the household, then spoils the server's sealed copy of its answers, as a
   * damaged store would.
   */
  private static String uploadUnreadable(JsonObject assignment) {
    String interviewId = UUID.randomUUID().toString();
    TestServer.Response r = fw.upload(fw.header(assignment, interviewId, 1).build(), Fieldwork.ANSWERS);
    assertEquals(201, r.status(), r.body());
    server.server().mongo().db().getCollection("interviews").updateOne(new Document("interviewId", interviewId),
        new Document("$set", new Document("answers", new Binary(new byte[] {1, 2, 3}))));
    return interviewId;
  }

  private static byte[] located(JsonObject answers, JsonObject assignment) {
    byte[] moved = fw.locate(assignment.getString("eaId"), answers.encode().getBytes(StandardCharsets.UTF_8));
    return moved;
  }

  @AfterAll
  static void stop() {
    fw.close();
  }

  @Test
  void refusesWhoMustNotExportAndSaysWhatIsWrong() {
    for (Role role : new Role[] {Role.ENUMERATOR, Role.SUPERVISOR}) {
      assertEquals(403, server.post(role, BASE + "/exports", new JsonObject()).status(), role.name());
      assertEquals(403, server.get(role, BASE + "/exports").status(), role.name());
      assertEquals(403, server.get(role, BASE + "/exports/exp-0/file").status(), role.name());
    }
    assertEquals(401, server.post(null, BASE + "/exports", new JsonObject()).status());
    TestServer.Response keep = server.post(Role.ANALYST, BASE + "/exports", new JsonObject()
        .put("identifying", "keep"));
    assertEquals(403, keep.status());
    assertEquals("export.identifying-forbidden", keep.code());
    TestServer.Response bad = server.post(Role.ANALYST, BASE + "/exports", new JsonObject().put("include", "some"));
    assertEquals(400, bad.status());
    assertEquals("request.invalid", bad.code());
    assertTrue(bad.body().contains("approved"), bad.body());
    assertEquals("survey.not-found", server.post(Role.ANALYST, "/api/v1/surveys/nope/exports", new JsonObject())
        .code());
    assertEquals("export.not-found", server.get(Role.ANALYST, BASE + "/exports/exp-0").code());
  }

  @Test
  void exportHoldsTheApprovedInterviewsWithTheDesignAndTheLibrarysWeights() throws Exception {
    JsonObject done = runExport(Role.ANALYST, new JsonObject());
    assertEquals(100, done.getInteger("percent"));
    assertEquals(APPROVED.size(), done.getInteger("interviews"));
    Map<String, byte[]> zip = download(Role.ANALYST, done);
    for (String name : List.of("household.csv", "sample.csv", "codebook.json", "codebook.md", "import.do",
        "import.sps", "import.R", "manifest.json")) {
      assertTrue(zip.containsKey(name), name + " in " + zip.keySet());
    }
    List<Map<String, String>> households = csv(zip.get("household.csv"));
    assertEquals(APPROVED.size(), households.size());
    Map<String, JsonObject> byId = new HashMap<>();
    assignments.forEach(a -> byId.put(a.getString("id"), a));
    for (Map<String, String> row : households) {
      JsonObject a = byId.get(row.get("assignment_id"));
      assertNotNull(a, row.toString());
      assertEquals(INTERVIEW.get(a.getString("id")), row.get("interview_id"));
      assertTrue(APPROVED.contains(row.get("interview_id")));
      assertEquals(String.valueOf(assignments.indexOf(a) + 1), row.get("hh_no"), "answers of " + row);
      assertEquals(a.getDouble("pi1"), Double.parseDouble(row.get("pi1")));
      assertEquals(a.getDouble("pi2"), Double.parseDouble(row.get("pi2")));
      assertEquals(a.getDouble("baseWeight"), Double.parseDouble(row.get("weight_base")));
      assertEquals(a.getString("stratum"), row.get("stratum"));
      assertEquals(a.getString("eaId"), row.get("ea"));
      assertEquals("approvedBySupervisor", row.get("review_state"));
      assertEquals("complete", row.get("disposition"));
    }
    // identifying variables dropped: names are gone from the roster, GPS coarsened
    String rosterHeader = new String(zip.get("person.csv"), StandardCharsets.UTF_8).lines().findFirst()
        .orElseThrow();
    assertFalse(List.of(rosterHeader.split(",")).contains("name"), rosterHeader);

    List<Map<String, String>> sample = csv(zip.get("sample.csv"));
    assertEquals(assignments.size(), sample.size());
    checkWeights(sample);
    assertEquals(APPROVED.size(), sample.stream().filter(r -> "1".equals(r.get("in_data"))).count());

    JsonObject manifest = new JsonObject(new String(zip.get("manifest.json"), StandardCharsets.UTF_8));
    assertEquals(APPROVED.size(), manifest.getInteger("interviews"));
    assertEquals("drop", manifest.getString("identifying"));
    // every revision is opened, but only those in the data count: a superseded one that cannot be read is no warning
    assertTrue(households.stream().noneMatch(r -> superseded.equals(r.get("interview_id"))));
    assertEquals(List.of(), manifest.getJsonArray("warnings").stream()
        .filter(w -> w.toString().contains("could not be read")).toList());

    JsonArray audit = server.get(Role.ADMIN, "/api/v1/audit?objectType=export&objectId=" + done.getString("id"))
        .json().getJsonArray("events");
    Set<String> actions = new HashSet<>();
    audit.forEach(e -> actions.add(((JsonObject) e).getString("action")));
    assertEquals(Set.of("export.started", "export.completed", "export.downloaded"), actions);

    runR(zip);
  }

  /** Base weights, variance strata and PSUs, and adjusted weights, recomputed here with the sampling library. */
  private static void checkWeights(List<Map<String, String>> sample) {
    Map<String, JsonObject> byId = new HashMap<>();
    assignments.forEach(a -> byId.put(a.getString("id"), a));
    List<SelectedHousehold> households = new ArrayList<>();
    List<NonresponseAdjustment.Case> cases = new ArrayList<>();
    for (Map<String, String> row : sample) {
      JsonObject a = byId.get(row.get("assignment_id"));
      JsonObject h = a.getJsonObject("household");
      assertEquals(a.getDouble("baseWeight"), Double.parseDouble(row.get("weight_base")));
      SelectedHousehold s = new SelectedHousehold(row.get("psu"), a.getString("eaId"), a.getString("stratum"),
          h.getInteger("line"), h.getString("householdId"), HouseholdType.valueOf(h.getString("type")),
          h.getString("takeClass"), "control".equals(h.getString("group")) ? Design.Group.CONTROL
              : Design.Group.MIGRANT, h.getBoolean("certaintyEa"), a.getDouble("pi1"),
          (int) Math.round(a.getDouble("baseWeight") * a.getDouble("pi1") * a.getDouble("pi2")),
          a.getDouble("pi2"), a.getDouble("baseWeight"));
      households.add(s);
      String d = DISPOSITION.get(a.getString("id"));
      String interview = INTERVIEW.get(a.getString("id"));
      NonresponseAdjustment.Disposition expected = "refused".equals(d) ? NonresponseAdjustment.Disposition
          .NONRESPONDENT : "vacant".equals(d) ? NonresponseAdjustment.Disposition.INELIGIBLE
          : APPROVED.contains(interview) ? NonresponseAdjustment.Disposition.RESPONDENT
          : NonresponseAdjustment.Disposition.NONRESPONDENT;
      assertEquals(expected.name().toLowerCase(), row.get("nr_status"), row.toString());
      cases.add(NonresponseAdjustment.Case.of(s, row.get("assignment_id"), expected));
    }
    List<DesignVariables.Row> vars = DesignVariables.of(households).rows();
    List<NonresponseAdjustment.Adjusted> adjusted = NonresponseAdjustment.adjust(cases).cases();
    for (int i = 0; i < sample.size(); i++) {
      assertEquals(vars.get(i).varStratum(), sample.get(i).get("var_stratum"));
      assertEquals(vars.get(i).varPsu(), sample.get(i).get("var_psu"));
      assertEquals(adjusted.get(i).weight(), Double.parseDouble(sample.get(i).get("weight_nr")), 1e-12);
      assertEquals(adjusted.get(i).cell(), sample.get(i).get("nr_cell"));
    }
  }

  /**
   * Runs the generated R script on the export: the weighted total of sampled households ({@code svytotal} on the
   * sample file's design, base weights) equals the listing total within 1e-9 relative, and a migrant vs control
   * comparison runs on the households' design (adjusted weights).
   */
  private static void runR(Map<String, byte[]> zip) throws Exception {
    Assumptions.assumeTrue(rscript(), "Rscript with package survey is not installed (Debian: r-base-core "
        + "r-cran-survey): the R check is skipped");
    Path dir = Files.createTempDirectory("fieldsync-export-r");
    for (Map.Entry<String, byte[]> e : zip.entrySet()) {
      Files.write(dir.resolve(e.getKey()), e.getValue());
    }
    Files.writeString(dir.resolve("check.R"), String.join("\n",
        "options(survey.lonely.psu = 'adjust')",
        "source('import.R')",
        "sample$one <- 1",
        "sample_design <- update(sample_design, one = rep(1, nrow(sample)))",
        "total <- coef(svytotal(~one, sample_design))[[1]]",
        "expected <- " + listingTotal,
        "cat('TOTAL', format(total, digits = 17), '\\n')",
        "stopifnot(abs(total - expected) / expected < 1e-9)",
        "household$migrant <- as.numeric(household$group == 'migrant')",
        "design <- update(design, migrant = household$migrant)",
        "by_group <- svyby(~respondent_line, ~group, design, svymean)",
        "print(by_group)",
        "stopifnot(nrow(by_group) == 2)",
        "cat('OK\\n')", ""));
    Process p = new ProcessBuilder("Rscript", "check.R").directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("OK"), out);
  }

  private static boolean rscript() {
    try {
      Process p = new ProcessBuilder("Rscript", "-e", "library(survey)").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void includeAllAddsEveryCurrentRevisionWithItsReviewState() throws Exception {
    JsonObject done = runExport(Role.MANAGER, new JsonObject().put("include", "all"));
    Map<String, byte[]> zip = download(Role.MANAGER, done);
    List<Map<String, String>> households = csv(zip.get("household.csv"));
    assertEquals(assignments.size(), households.size());
    Map<String, String> states = new HashMap<>();
    households.forEach(r -> states.put(r.get("interview_id"), r.get("review_state")));
    assertEquals("pendingReview", states.get(pending));
    assertEquals("rejected", states.get(rejected));
    assertFalse(states.containsKey(superseded), "a superseded interview is not a current revision");
  }

  @Test
  void identifyingVariablesOnlyForAdminsAndOnlyToAdmins() throws Exception {
    JsonObject done = runExport(Role.ADMIN, new JsonObject().put("identifying", "keep"));
    assertEquals("keep", done.getString("identifying"));
    Map<String, byte[]> zip = download(Role.ADMIN, done);
    String rosterHeader = new String(zip.get("person.csv"), StandardCharsets.UTF_8).lines().findFirst()
        .orElseThrow();
    assertTrue(List.of(rosterHeader.split(",")).contains("name"), rosterHeader);
    TestServer.Response analyst = server.get(Role.ANALYST, BASE + "/exports/" + done.getString("id") + "/file");
    assertEquals(403, analyst.status());
    assertEquals("export.identifying-forbidden", analyst.code());
  }

  @Test
  void notReadyAndExpiredExportsSaySo() {
    var jobs = server.server().mongo().db().getCollection("exports");
    java.util.Date now = new java.util.Date();
    jobs.insertOne(new Document("_id", "exp-running").append("surveyId", Fieldwork.SURVEY).append("state", "running")
        .append("phase", "writing").append("percent", 40).append("include", "approved").append("identifying", "drop")
        .append("requestedBy", new Document("username", "analyst")).append("createdAt", now)
        .append("startedAt", now).append("updatedAt", now));
    TestServer.Response running = server.get(Role.ANALYST, BASE + "/exports/exp-running/file");
    assertEquals(409, running.status());
    assertEquals("export.not-ready", running.code());
    JsonObject view = server.get(Role.ANALYST, BASE + "/exports/exp-running").json();
    assertEquals("running", view.getString("state"));
    assertNotNull(view.getValue("etaSeconds"));
    java.util.Date past = new java.util.Date(now.getTime() - 3_600_000);
    jobs.insertOne(new Document("_id", "exp-old").append("surveyId", Fieldwork.SURVEY).append("state", "done")
        .append("percent", 100).append("include", "approved").append("identifying", "drop")
        .append("requestedBy", new Document("username", "analyst")).append("createdAt", past)
        .append("updatedAt", past).append("expiresAt", past)
        .append("file", new Document("name", "exp-old.zip").append("bytes", 1L).append("sha256", "00")));
    TestServer.Response expired = server.get(Role.ANALYST, BASE + "/exports/exp-old/file");
    assertEquals(410, expired.status());
    assertEquals("export.expired", expired.code());
    assertTrue(server.get(Role.ANALYST, BASE + "/exports").json().getJsonArray("exports").size() >= 2);
  }

  // ---- helpers

  private static JsonObject runExport(Role role, JsonObject body) throws InterruptedException {
    TestServer.Response started = server.post(role, BASE + "/exports", body);
    assertEquals(202, started.status(), started.body());
    String id = started.json().getString("id");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      JsonObject job = server.get(role, BASE + "/exports/" + id).json();
      if ("done".equals(job.getString("state"))) {
        return job;
      }
      assertFalse("failed".equals(job.getString("state")), job.encodePrettily());
      Thread.sleep(100);
    }
    throw new AssertionError("export " + id + " did not finish in 120 s");
  }

  private static Map<String, byte[]> download(Role role, JsonObject job) throws Exception {
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl()
            + job.getJsonObject("file").getString("href"))).header("Authorization", "Bearer " + server.token(role))
        .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("application/zip", r.headers().firstValue("Content-Type").orElse(null));
    assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.body()));
    assertEquals(job.getJsonObject("file").getString("sha256"), sha);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        entries.put(e.getName(), zip.readAllBytes());
      }
    }
    return entries;
  }

  /** A CSV file (RFC 4180, as CsvWriter writes it) as rows of header → value, read by the sampling library's reader. */
  static List<Map<String, String>> csv(byte[] bytes) {
    List<String> header = new ArrayList<>();
    List<Map<String, String>> rows = new ArrayList<>();
    assertTrue(Csv.read(new String(bytes, StandardCharsets.UTF_8), (line, fields) -> {
      if (header.isEmpty()) {
        header.addAll(fields);
        return;
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), i < fields.size() ? fields.get(i) : "");
      }
      rows.add(row);
    }).isEmpty());
    assertFalse(header.isEmpty(), "empty CSV");
    return rows;
  }
}
