package org.fieldsync.benchmarks;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fieldsync.server.FieldsyncServer;
import org.fieldsync.server.account.Principal;
import org.fieldsync.server.account.Role;
import org.fieldsync.server.assignment.AssignmentView;
import org.fieldsync.server.assignment.MongoAssignmentStore;
import org.fieldsync.server.cli.Demo;
import org.fieldsync.server.config.ConfigLoader;
import org.fieldsync.server.interview.MongoInterviewStore;
import org.fieldsync.server.interview.StoredInterview;
import org.fieldsync.server.monitoring.CoverageService;
import org.fieldsync.server.sampling.MongoSamplingStore;
import org.fieldsync.server.sampling.SamplingViews;
import org.fieldsync.server.sampling.SyntheticCensus;
import org.fieldsync.server.survey.TeamView;

/**
 * Load driver for coverage (issue 5 targets: with 1,000,000 interviews in the store, the coverage endpoint answers
 * with p95 &lt; 100 ms, and an upload's coverage update adds &lt; 1 ms to ingest).
 *
 * <p>Setup (not timed as part of the targets, but reported): a real server on the embedded store; a survey with
 * {@code teams} teams of 10 enumerators; a synthetic census frame, a plan with {@code psus} EAs frozen through the
 * sampling service; then, written straight to the stores in bulk (the upload path would take hours here),
 * {@code households} interview assignments spread over the sample's EAs and one stored interview revision each,
 * with a realistic mix of types, dispositions, review states and interview lengths, and 1,800 random bytes standing
 * in for the sealed envelope (coverage never opens it). The coverage counters are then built by
 * {@link CoverageService#rebuild} from the stored interviews (timed and reported).
 *
 * <p>Timed: {@code GET /api/v1/surveys/{id}/coverage} over HTTP as the survey manager (whole survey: every stratum,
 * team and enumerator, the alerts), as one supervisor, and as the manager drilling into one stratum's EAs, from 4
 * concurrent clients (one at a time, then 4 at once); then {@link CoverageService#arrived} — the coverage update inside the upload writer's commit
 * group — for new revisions of stored interviews in groups of 1 and of 50, per upload.
 *
 * <p>Run: {@code java -Xmx3g -cp benchmarks/target/benchmarks.jar org.fieldsync.benchmarks.CoverageLoadDriver
 * [households=1000000] [psus=5000] [teams=40] [requests=400]}.
 */
public final class CoverageLoadDriver {
  private static final String SURVEY = "bench-coverage";
  private static final String[] DISPOSITIONS = {"completed", "completed", "completed", "completed", "completed",
      "completed", "completed", "completed", "completed", "completed", "completed", "completed", "completed",
      "completed", "completed", "completed", "partial", "refused", "not-at-home", "vacant"};
  private static final String[] REVIEWS = {"approvedBySupervisor", "approvedBySupervisor", "approvedBySupervisor",
      "approvedBySupervisor", "approvedBySupervisor", "approvedBySupervisor", "pendingReview", "pendingReview",
      "approvedByManager", "rejected"};

  private CoverageLoadDriver() {}

  public static void main(String[] args) throws Exception {
    int households = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int psus = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    int teamCount = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    int requests = args.length > 3 ? Integer.parseInt(args[3]) : 400;
    Path data = Files.createTempDirectory("fieldsync-coverage");
    var config = ConfigLoader.load(null, Map.of(), Map.of("http.port", "0", "http.host", "127.0.0.1",
        "store.data-dir", data.toString(), "auth.argon2.memory-kib", "1024", "auth.argon2.iterations", "1"));
    try (FieldsyncServer server = FieldsyncServer.start(config)) {
      var services = server.services();
      Demo.seed(services);
      long t0 = System.nanoTime();
      services.surveys().createNow(Principal.SYSTEM, SURVEY, "Coverage benchmark", "Synthetic, for the benchmark.");
      for (int t = 0; t < teamCount; t++) {
        List<String> members = new ArrayList<>();
        for (int e = 0; e < 10; e++) {
          String name = "bench-e" + t + "-" + e;
          services.accounts().createNow(Principal.SYSTEM, name, null, "benchmark-password", EnumSet.of(Role.ENUMERATOR));
          members.add(name);
        }
        String supervisor = "bench-s" + t;
        services.accounts().createNow(Principal.SYSTEM, supervisor, null, "benchmark-password",
            EnumSet.of(Role.SUPERVISOR));
        services.surveys().createTeamNow(Principal.SYSTEM, SURVEY, "Team " + t, supervisor, members);
      }
      var frame = services.sampling().uploadFrameNow(Principal.SYSTEM, SURVEY, "frame.csv",
          SyntheticCensus.frameCsv(psus * 3, 11).getBytes(StandardCharsets.UTF_8));
      var plan = services.sampling().createPlanNow(Principal.SYSTEM, SURVEY, frame.sha256(), Map.of(
          "cutoffs", List.of(0.05, 0.15), "classLabels", List.of("LOW", "MED", "HIGH"), "totalPsus", psus,
          "takes", Map.of("EMIG", 60, "RET", 40, "NON", 100)), 5L, null);
      services.sampling().freezeNow(Principal.SYSTEM, SURVEY, plan.id());
      List<SamplingViews.SampleEaView> eas = new MongoSamplingStore(server.mongo()).listSampleEas(plan.id());
      System.out.printf(Locale.ROOT, "survey: %d teams, %d enumerators, %d strata, %d sampled EAs (%.1f s)%n",
          teamCount, teamCount * 10, plan.strata().size(), eas.size(), (System.nanoTime() - t0) / 1e9);

      // assignments and stored interviews, in bulk
      t0 = System.nanoTime();
      Map<String, TeamView> teams = new HashMap<>();
      for (TeamView t : new org.fieldsync.server.survey.MongoSurveyStore(server.mongo()).listTeams(SURVEY)) {
        teams.put(t.id(), t);
      }
      var assignmentStore = new MongoAssignmentStore(server.mongo());
      var interviewStore = new MongoInterviewStore(server.mongo());
      SplittableRandom random = new SplittableRandom(7);
      byte[] envelope = new byte[1800];
      byte[] receipt = new byte[300];
      new Random(1).nextBytes(envelope);
      Instant day0 = Instant.parse("2026-11-02T07:00:00Z");
      List<AssignmentView> batchA = new ArrayList<>();
      List<StoredInterview> batchI = new ArrayList<>();
      List<StoredInterview> all = new ArrayList<>();
      List<com.mongodb.client.model.WriteModel<org.bson.Document>> reviews = new ArrayList<>();
      var interviewsCollection = server.mongo().db().getCollection("interviews");
      for (int h = 0; h < households; h++) {
        SamplingViews.SampleEaView ea = eas.get(h % eas.size());
        TeamView team = teams.get(ea.teamId());
        TeamView.Member enumerator = team.enumerators().get((h / eas.size()) % team.enumerators().size());
        String type = random.nextInt(2) == 0 ? "NON" : random.nextInt(3) == 0 ? "RET" : "EMIG";
        String id = plan.id() + ":hh:" + ea.psuId() + ":" + (h / eas.size() + 1);
        AssignmentView a = new AssignmentView(id, "interview", SURVEY, plan.id(), ea.eaId(), ea.stratum(),
            ea.teamId(), enumerator.id(), enumerator.username(), "household", 1, "assigned",
            new AssignmentView.Household(h / eas.size() + 1, "hh-" + h, type, type, "NON".equals(type) ? "control"
                : "migrant", false), ea.pi1(), 0.5, 2 / ea.pi1(), day0);
        batchA.add(a);
        Instant start = day0.plusSeconds(86_400L * random.nextInt(20) + random.nextInt(36_000));
        String review = REVIEWS[random.nextInt(REVIEWS.length)];
        boolean quarantined = random.nextInt(20) == 0;
        StoredInterview i = new StoredInterview("iv-" + h, 1, SURVEY, "household", 1, id, "hh-" + h, ea.eaId(),
            "dev-" + enumerator.id(), enumerator.id(), DISPOSITIONS[random.nextInt(DISPOSITIONS.length)],
            random.nextInt(25) == 0 ? ("NON".equals(type) ? "EMIG" : "NON") : type, start,
            start.plusSeconds(60L * (20 + random.nextInt(40))), "k1", envelope, "sha-" + h,
            start.plusSeconds(7200), quarantined ? "quarantined" : "accepted",
            quarantined ? List.of(new StoredInterview.Error("required", "missing", "/roster")) : List.of(), receipt, null);
        batchI.add(i);
        if (!quarantined) {
          reviews.add(new com.mongodb.client.model.UpdateOneModel<>(com.mongodb.client.model.Filters.eq("key",
              i.interviewId() + "#1"), com.mongodb.client.model.Updates.set("review", new org.bson.Document("state",
              review).append("by", "bench").append("at", java.util.Date.from(start)))));
        }
        if (h < 5_000) {
          all.add(i);
        }
        if (batchA.size() == 2_000) {
          assignmentStore.insertNew(batchA);
          interviewStore.insertAll(batchI);
          interviewsCollection.bulkWrite(reviews);
          batchA.clear();
          batchI.clear();
          reviews.clear();
        }
        if ((h + 1) % 100_000 == 0) {
          System.out.printf(Locale.ROOT, "  %,d interviews stored (%.0f s)%n", h + 1, (System.nanoTime() - t0) / 1e9);
        }
      }
      assignmentStore.insertNew(batchA);
      interviewStore.insertAll(batchI);
      if (!reviews.isEmpty()) {
        interviewsCollection.bulkWrite(reviews);
      }
      server.mongo().flush();
      // (not counted back: the embedded store's count materialises every document)
      System.out.printf(Locale.ROOT, "stored %,d assignments and %,d interviews in %.1f s%n", households,
          households, (System.nanoTime() - t0) / 1e9);

      t0 = System.nanoTime();
      CoverageService.Rebuilt rebuilt = services.coverage().rebuild(SURVEY);
      server.mongo().flush();
      System.out.printf(Locale.ROOT, "rebuild: %,d revisions read, %,d households, %,d cells in %.1f s%n",
          rebuilt.revisionsRead(), rebuilt.households(), rebuilt.cells(), (System.nanoTime() - t0) / 1e9);

      String base = "http://127.0.0.1:" + server.port() + "/api/v1/surveys/" + SURVEY;
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String manager = login(http, server.port(), "manager", "manager-demo-pass");
      String supervisor = login(http, server.port(), "bench-s0", "benchmark-password");
      String stratum = plan.strata().get(0).id();
      JsonObject sample = new JsonObject(get(http, base + "/coverage", manager));
      System.out.printf(Locale.ROOT, "coverage answer: %,d bytes, %d strata, %d teams, %d enumerators, %d alerts, "
          + "total complete %,d of %,d assigned%n", sample.encode().length(), sample.getJsonArray("strata").size(),
          sample.getJsonArray("teams").size(), sample.getJsonArray("enumerators").size(),
          sample.getJsonArray("alerts").size(), sample.getJsonObject("total").getJsonObject("all").getLong("complete"),
          sample.getJsonObject("total").getJsonObject("all").getLong("assigned"));
      for (String[] c : new String[][] {{"manager, whole survey", base + "/coverage", manager},
          {"supervisor, one team", base + "/coverage", supervisor},
          {"manager, one stratum's EAs", base + "/coverage?stratum=" + stratum, manager}}) {
        latency(http, c[0], c[1], c[2], requests, 1);
        latency(http, c[0], c[1], c[2], requests, 4);
      }

      // the coverage update of an upload, as the upload writer's group runs it
      for (int groupSize : new int[] {1, 50}) {
        int n = 2_000;
        long[] perUpload = new long[n / groupSize];
        for (int g = 0; g < n / groupSize; g++) {
          List<CoverageService.Arrival> group = new ArrayList<>();
          for (int k = 0; k < groupSize; k++) {
            int h = (groupSize == 1 ? 0 : 2_000) + g * groupSize + k;
            StoredInterview old = all.get(h);
            StoredInterview next = new StoredInterview(old.interviewId(), 2, SURVEY, "household", 1,
                old.assignmentId(), old.householdId(), old.eaId(), old.deviceId(), old.enumeratorId(), "completed",
                old.householdTypeFound(), old.startedAt(), old.endedAt(), "k1", envelope, "sha2-" + h,
                Instant.now(), "accepted", List.of(), receipt, null);
            group.add(new CoverageService.Arrival(next, assignmentStore.findById(old.assignmentId()).orElseThrow()));
          }
          long s = System.nanoTime();
          services.coverage().arrived(group);
          perUpload[g] = (System.nanoTime() - s) / groupSize;
        }
        Arrays.sort(perUpload);
        System.out.printf(Locale.ROOT, "coverage update per upload, groups of %d: p50 %.3f ms  p95 %.3f ms  "
            + "p99 %.3f ms%n", groupSize, pct(perUpload, 0.5), pct(perUpload, 0.95), pct(perUpload, 0.99));
      }
      System.out.printf(Locale.ROOT, "data file: %,d bytes%n", Files.size(data.resolve("fieldsync.mv.db")));
    }
  }

  private static void latency(HttpClient http, String name, String url, String token, int requests, int clients)
      throws Exception {
    for (int i = 0; i < 20; i++) {
      get(http, url, token); // warm-up
    }
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<Long>> futures = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < requests; i++) {
      futures.add(pool.submit(() -> {
        long s = System.nanoTime();
        get(http, url, token);
        return System.nanoTime() - s;
      }));
    }
    long[] all = new long[requests];
    for (int i = 0; i < requests; i++) {
      all[i] = futures.get(i).get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    Arrays.sort(all);
    System.out.printf(Locale.ROOT, "GET coverage (%s), %d client(s), %d requests: %.0f/s, p50 %.1f ms  p95 %.1f ms  "
        + "p99 %.1f ms  max %.1f ms%n", name, clients, requests, requests / seconds, pct(all, 0.5), pct(all, 0.95),
        pct(all, 0.99), all[all.length - 1] / 1e6);
  }

  private static String get(HttpClient http, String url, String token) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization",
        "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  private static String login(HttpClient http, int port, String user, String password) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/api/v1/auth/login")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
        new JsonObject().put("username", user).put("password", password).encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    return new JsonObject(r.body()).getString("token");
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}
