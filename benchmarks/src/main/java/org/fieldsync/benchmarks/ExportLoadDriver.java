package org.fieldsync.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.fieldsync.client.Envelope;
import org.fieldsync.client.EnvelopeHeader;
import org.fieldsync.client.FieldsyncCrypto;
import org.fieldsync.client.OpenedEnvelope;
import org.fieldsync.client.PublishedKey;
import org.fieldsync.client.Sealer;
import org.fieldsync.client.SigningKeyPair;
import org.fieldsync.client.SurveyKeyPair;
import org.fieldsync.server.FieldsyncServer;
import org.fieldsync.server.account.Principal;
import org.fieldsync.server.account.Role;
import org.fieldsync.server.assignment.AssignmentView;
import org.fieldsync.server.assignment.MongoAssignmentStore;
import org.fieldsync.server.cli.Demo;
import org.fieldsync.server.config.ConfigLoader;
import org.fieldsync.server.config.FieldsyncConfig;
import org.fieldsync.server.crypto.AnswersAtRest;
import org.fieldsync.server.interview.MongoInterviewStore;
import org.fieldsync.server.interview.StoredInterview;
import org.fieldsync.server.sampling.MongoSamplingStore;
import org.fieldsync.server.sampling.SamplingViews;
import org.fieldsync.server.sampling.SyntheticCensus;
import org.fieldsync.server.sync.KeyEncryptionKey;
import org.fieldsync.server.sync.MongoSyncStore;
import org.fieldsync.server.sync.SyncKeys;

/**
 * Load driver for the analyst export (issue 6 target: 1,000,000 stored interviews of about 200 variables exported to
 * the zip in at most 60 s on the 2-core machine, JVM heap capped at 512 MB).
 *
 * <p>{@code generate DIR [households=1000000] [psus=5000]} builds the store in {@code DIR} (not timed as part of
 * the target; run with a larger heap): a survey with a frozen plan of {@code psus} EAs, {@code households} interview
 * assignments written straight to the store, and one interview each, sealed on a simulated tablet exactly as the
 * tablet library seals it (HPKE to the survey key, Ed25519-signed) and stored as the upload path stores it (the
 * envelope, plus the server's sealed copy of the answers). Each interview is the shipped household example with 22
 * members: 208 answered variables, 4.2 KB of JSON. 85 % are approved, the rest pending, rejected or refused.
 *
 * <p>{@code export DIR [runs=1]} starts the server on that store and, over HTTP as the demo analyst, starts an export,
 * polls it until done, and downloads the zip: it prints the export's own time (job start to zip written), the
 * download, the zip's size and row counts, and the peak heap used (sampled every 50 ms); with {@code runs}, that many
 * exports one after the other in the same server (the first a cold server's, the next ones a server whose JIT
 * compilers have the export's code compiled). Settings come from the environment as for a server
 * ({@code FIELDSYNC_EXPORT_READERS}, ...). Run it with {@code -Xmx512m}.
 */
public final class ExportLoadDriver {
  private static final String SURVEY = "bench-export";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExportLoadDriver() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || !(args[0].equals("generate") || args[0].equals("export"))) {
      System.err.println("usage: ExportLoadDriver generate DIR [households] [psus] | export DIR [runs]");
      System.exit(2);
    }
    Path dir = Path.of(args[1]);
    if (args[0].equals("generate")) {
      generate(dir, args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000,
          args.length > 3 ? Integer.parseInt(args[3]) : 5_000);
    } else {
      export(dir, args.length > 2 ? Integer.parseInt(args[2]) : 1);
    }
  }

  private static FieldsyncConfig config(Path dir) {
    // the environment's settings apply (FIELDSYNC_EXPORT_READERS, FIELDSYNC_EXPORT_THREADS, ...), as to a server
    return ConfigLoader.load(null, System.getenv(), Map.of("http.port", "0", "http.host", "127.0.0.1",
        "store.data-dir", dir.toString(), "auth.argon2.memory-kib", "1024", "auth.argon2.iterations", "1"));
  }

  private static void generate(Path dir, int households, int psus) throws Exception {
    Files.createDirectories(dir);
    FieldsyncConfig config = config(dir);
    try (FieldsyncServer server = FieldsyncServer.start(config)) {
      var services = server.services();
      Demo.seed(services);
      long t0 = System.nanoTime();
      services.surveys().createNow(Principal.SYSTEM, SURVEY, "Export benchmark", "Synthetic, for the benchmark.");
      List<String> members = new ArrayList<>();
      for (int e = 0; e < 10; e++) {
        services.accounts().createNow(Principal.SYSTEM, "bench-x" + e, null, "benchmark-password",
            EnumSet.of(Role.ENUMERATOR));
        members.add("bench-x" + e);
      }
      services.accounts().createNow(Principal.SYSTEM, "bench-xs", null, "benchmark-password",
          EnumSet.of(Role.SUPERVISOR));
      services.surveys().createTeamNow(Principal.SYSTEM, SURVEY, "Team", "bench-xs", members);
      var frame = services.sampling().uploadFrameNow(Principal.SYSTEM, SURVEY, "frame.csv",
          SyntheticCensus.frameCsv(psus * 3, 11).getBytes(StandardCharsets.UTF_8));
      var plan = services.sampling().createPlanNow(Principal.SYSTEM, SURVEY, frame.sha256(), Map.of(
          "cutoffs", List.of(0.05, 0.15), "classLabels", List.of("LOW", "MED", "HIGH"), "totalPsus", psus,
          "takes", Map.of("EMIG", 60, "RET", 40, "NON", 100)), 5L, null);
      services.sampling().freezeNow(Principal.SYSTEM, SURVEY, plan.id());
      List<SamplingViews.SampleEaView> eas = new MongoSamplingStore(server.mongo()).listSampleEas(plan.id());
      var team = new org.fieldsync.server.survey.MongoSurveyStore(server.mongo()).listTeams(SURVEY).get(0);

      SyncKeys keys = new SyncKeys(new MongoSyncStore(server.mongo()), KeyEncryptionKey.open(config, server.mongo()),
          Clock.systemUTC());
      PublishedKey published = keys.currentSurveyKey(SURVEY);
      SurveyKeyPair surveyKey = keys.surveyKey(SURVEY, published.keyId()).orElseThrow();
      server.mongo().flush();
      SigningKeyPair device = FieldsyncCrypto.generateSigningKeyPair();
      Sealer sealer = new Sealer("dev-bench", FieldsyncCrypto.signer(device));
      byte[] template = UploadLoadDriver.household(22);
      ObjectNode base = (ObjectNode) JSON.readTree(template);
      System.out.printf(Locale.ROOT, "survey: %d sampled EAs; interview: %d bytes of JSON (%.1f s)%n", eas.size(),
          template.length, (System.nanoTime() - t0) / 1e9);

      var assignmentStore = new MongoAssignmentStore(server.mongo());
      var interviewStore = new MongoInterviewStore(server.mongo());
      var interviews = server.mongo().db().getCollection("interviews");
      Instant day0 = Instant.parse("2026-11-02T07:00:00Z");
      ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
      AtomicLong envelopeBytes = new AtomicLong();
      t0 = System.nanoTime();
      int batch = 2_000;
      for (int from = 0; from < households; from += batch) {
        int to = Math.min(households, from + batch);
        List<AssignmentView> assignments = new ArrayList<>();
        List<Future<StoredInterview>> sealed = new ArrayList<>();
        for (int h = from; h < to; h++) {
          SamplingViews.SampleEaView ea = eas.get(h % eas.size());
          var enumerator = team.enumerators().get(h % team.enumerators().size());
          SplittableRandom random = new SplittableRandom(h);
          String type = random.nextInt(2) == 0 ? "NON" : random.nextInt(3) == 0 ? "RET" : "EMIG";
          int line = h / eas.size() + 1;
          AssignmentView a = new AssignmentView(plan.id() + ":hh:" + ea.psuId() + ":" + line, "interview", SURVEY,
              plan.id(), ea.eaId(), ea.stratum(), ea.teamId(), enumerator.id(), enumerator.username(), "household",
              1, "assigned", new AssignmentView.Household(line, "hh-" + h, type, type,
                  "NON".equals(type) ? "control" : "migrant", ea.certainty()), ea.pi1(), 0.5, 2 / ea.pi1(), day0);
          assignments.add(a);
          int n = h;
          sealed.add(pool.submit(() -> interview(n, a, enumerator.id(), base, sealer, published, surveyKey,
              envelopeBytes, day0)));
        }
        assignmentStore.insertAll(assignments);
        List<StoredInterview> stored = new ArrayList<>();
        for (Future<StoredInterview> f : sealed) {
          stored.add(f.get());
        }
        interviewStore.insertAll(stored);
        List<WriteModel<org.bson.Document>> reviews = new ArrayList<>();
        for (StoredInterview i : stored) {
          int r = Math.floorMod(i.interviewId().hashCode(), 20);
          String state = r < 17 ? "approvedBySupervisor" : r < 19 ? "pendingReview" : "rejected";
          reviews.add(new UpdateOneModel<>(Filters.eq("key", i.interviewId() + "#1"), Updates.set("review",
              new org.bson.Document("state", state).append("by", "bench-xs").append("at", new java.util.Date()))));
        }
        interviews.bulkWrite(reviews);
        server.mongo().flush();
        if ((to / batch) % 50 == 0 || to == households) {
          System.out.printf(Locale.ROOT, "  %,d interviews stored (%.0f s, %.1f KB envelopes on average)%n", to,
              (System.nanoTime() - t0) / 1e9, envelopeBytes.get() / 1024.0 / to);
        }
      }
      pool.shutdown();
    }
    System.out.println("generated in " + dir);
  }

  /** One interview, sealed as a tablet seals it and stored as the upload path stores it. */
  private static StoredInterview interview(int h, AssignmentView a, String enumeratorId, ObjectNode base,
      Sealer sealer, PublishedKey published, SurveyKeyPair surveyKey, AtomicLong envelopeBytes, Instant day0)
      throws Exception {
    SplittableRandom random = new SplittableRandom(h * 31L);
    ObjectNode answers = base.deepCopy();
    answers.put("hh_no", h + 1);
    ArrayNode roster = (ArrayNode) answers.get("roster");
    for (int m = 2; m < roster.size(); m++) {
      ((ObjectNode) roster.get(m)).put("age", 1 + random.nextInt(80));
    }
    String disposition = random.nextInt(20) == 0 ? "refused" : "completed";
    String interviewId = java.util.UUID.nameUUIDFromBytes(("bench-" + h).getBytes(StandardCharsets.UTF_8))
        .toString();
    Instant start = day0.plusSeconds(86_400L * random.nextInt(20) + random.nextInt(36_000));
    EnvelopeHeader header = EnvelopeHeader.builder().interviewId(interviewId).revision(1).surveyId(SURVEY)
        .formId("household").formVersion(1).assignmentId(a.id()).householdId(a.household().householdId())
        .eaId(a.eaId()).deviceId("dev-bench").enumeratorId(enumeratorId).disposition(disposition)
        .householdTypeFound(a.household().type()).startedAt(start).endedAt(start.plusSeconds(1800 + h % 1800))
        .surveyKeyId(published.keyId()).build();
    Envelope envelope = sealer.seal(header, JSON.writeValueAsBytes(answers), published);
    OpenedEnvelope opened = FieldsyncCrypto.decryptAuthenticated(envelope, surveyKey,
        FieldsyncCrypto.DEFAULT_MAX_ANSWERS_BYTES);
    byte[] body = envelope.toByteArray();
    envelopeBytes.addAndGet(body.length);
    return new StoredInterview(interviewId, 1, SURVEY, "household", 1, a.id(), a.household().householdId(),
        a.eaId(), "dev-bench", enumeratorId, disposition, a.household().type(), start, start.plusSeconds(1800),
        published.keyId(), body, envelope.sha256(), start.plusSeconds(3600), "accepted", List.of(), new byte[300],
        AnswersAtRest.seal(surveyKey, interviewId, 1, opened.compressedAnswers()));
  }

  /**
   * Exports {@code runs} times in one server, one after the other: the first is a cold server's (its JIT compilers
   * still at work), the later ones a server that has exported before.
   */
  private static void export(Path dir, int runs) throws Exception {
    long[] peak = {0};
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
          if (pool.getType() == MemoryType.HEAP) {
            used += pool.getUsage().getUsed();
          }
        }
        peak[0] = Math.max(peak[0], used);
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    try (FieldsyncServer server = FieldsyncServer.start(config(dir))) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      String token = new JsonObject(send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", "analyst")
              .put("password", "analyst-demo-pass").encode())))).getString("token");
      sampler.start();
      for (int run = 1; run <= runs; run++) {
        if (runs > 1) {
          System.out.printf(Locale.ROOT, "run %d of %d%n", run, runs);
        }
        System.gc();
        peak[0] = 0;
        long t0 = System.nanoTime();
        JsonObject job = new JsonObject(send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/surveys/"
            + SURVEY + "/exports")).header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString("{}"))));
        String id = job.getString("id");
        int lastPercent = -1;
        while (!"done".equals(job.getString("state"))) {
          if ("failed".equals(job.getString("state"))) {
            throw new IllegalStateException("export failed: " + job.encodePrettily());
          }
          Thread.sleep(250);
          job = new JsonObject(send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/surveys/" + SURVEY
              + "/exports/" + id)).header("Authorization", "Bearer " + token).GET()));
          if (job.getInteger("percent") / 10 != lastPercent / 10) {
            lastPercent = job.getInteger("percent");
            System.out.printf(Locale.ROOT, "  %5.1f s  %3d %%  %s  eta %s s%n", (System.nanoTime() - t0) / 1e9,
                lastPercent, job.getString("phase"), job.getValue("etaSeconds"));
          }
        }
        double polled = (System.nanoTime() - t0) / 1e9;
        double own = java.time.Duration.between(Instant.parse(job.getString("startedAt")),
            Instant.parse(job.getString("finishedAt"))).toMillis() / 1000.0;
        long t1 = System.nanoTime();
        HttpResponse<InputStream> zip = http.send(HttpRequest.newBuilder(URI.create(base
            + job.getJsonObject("file").getString("href"))).header("Authorization", "Bearer " + token).build(),
            HttpResponse.BodyHandlers.ofInputStream());
        Map<String, Long> lines = new java.util.LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(zip.body())) {
          for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
            if (e.getName().equals("manifest.json")) {
              byte[] manifest = in.readAllBytes();
              System.out.println("  seconds per phase: " + new JsonObject(new String(manifest, StandardCharsets.UTF_8))
                  .getJsonObject("seconds"));
              lines.put(e.getName(), (long) new String(manifest, StandardCharsets.UTF_8).split("\n").length);
              continue;
            }
            long count = 0;
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
              for (int i = 0; i < n; i++) {
                count += buf[i] == '\n' ? 1 : 0;
              }
            }
            lines.put(e.getName(), count);
          }
        }
        double download = (System.nanoTime() - t1) / 1e9;
        System.out.printf(Locale.ROOT, "export %s: %,d interviews, %,d households; zip %.1f MB%n", id,
            job.getLong("interviews"), job.getLong("households"), job.getJsonObject("file").getLong("bytes") / 1e6);
        System.out.printf(Locale.ROOT, "  export job (start to zip written): %.1f s; seen done by the client after "
            + "%.1f s; download and unzip-count: %.1f s%n", own, polled, download);
        System.out.printf(Locale.ROOT, "  heap: max %d MB, peak used %d MB%n",
            Runtime.getRuntime().maxMemory() / (1 << 20), peak[0] / (1 << 20));
        System.out.println("  lines per file: " + lines);
        System.out.println("  warnings: " + job.getJsonArray("warnings"));
      }
      sampler.interrupt();
    }
  }

  private static String send(HttpClient http, HttpRequest.Builder request) throws Exception {
    HttpResponse<String> r = http.send(request.header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(r.uri() + " -> " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }
}
