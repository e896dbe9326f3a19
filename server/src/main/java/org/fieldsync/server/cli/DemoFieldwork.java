package org.fieldsync.server.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.fieldsync.client.DeviceCredentials;
import org.fieldsync.client.EnrolmentResult;
import org.fieldsync.client.EnvelopeHeader;
import org.fieldsync.client.FieldsyncCrypto;
import org.fieldsync.client.PublishedKey;
import org.fieldsync.client.Sealer;
import org.fieldsync.client.ServerKeyRing;
import org.fieldsync.client.SigningKeyPair;
import org.fieldsync.client.SyncClient;
import org.fieldsync.forms.ShippedQuestionnaires;
import org.fieldsync.server.sampling.SyntheticCensus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the demo survey in the field so the supervisor page has something to show a minute after start-up: the
 * manager plans and freezes a sample of the synthetic census, a few EAs are listed, the demo enumerators enrol
 * tablets and upload sealed interviews every few seconds — through the public API and the tablet library, as in the
 * field. {@code enumerator2} leaves the control households of its EAs for later, so the control-lagging alert
 * shows. The answers are the household questionnaire's shipped example with the dwelling's GPS point moved into the
 * EA (a realistic population is the end-to-end simulation's job). Idempotent across restarts: a frozen sample is
 * reused and households already interviewed are skipped.
 */
public final class DemoFieldwork implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoFieldwork.class);
  private static final int LISTED_EAS = 8;
  private static final Duration PAUSE = Duration.ofSeconds(3);

  private final String base;
  private final Duration pause;
  private final int limit;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final SplittableRandom random = new SplittableRandom(2026);

  public DemoFieldwork(String baseUrl) {
    this(baseUrl, PAUSE, Integer.MAX_VALUE);
  }

  /** With another pause between uploads and at most {@code limit} uploads (tests). */
  DemoFieldwork(String baseUrl, Duration pause, int limit) {
    this.base = baseUrl;
    this.pause = pause;
    this.limit = limit;
  }

  /** Starts the fieldwork on a daemon thread. */
  public static void start(String baseUrl) {
    Thread t = new Thread(new DemoFieldwork(baseUrl), "fieldsync-demo-fieldwork");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void run() {
    try {
      fieldwork();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("The demo fieldwork stopped: {}", e.toString());
    }
  }

  private void fieldwork() throws InterruptedException {
    String survey = "/api/v1/surveys/" + Demo.SURVEY;
    String manager = login("manager");
    String planId = frozenPlan(manager, survey);
    JsonArray eas = call("GET", survey + "/plans/" + planId + "/eas", manager, null, null).jsonArray();
    Map<String, SyntheticCensus.Ea> census = new HashMap<>();
    SyntheticCensus.frame(Demo.FRAME_EAS, Demo.FRAME_SEED).forEach(e -> census.put(e.eaId(), e));
    for (int i = 0; i < Math.min(LISTED_EAS, eas.size()); i++) {
      JsonObject ea = eas.getJsonObject(i);
      if ("listing".equals(ea.getString("status"))) {
        call("PUT", survey + "/plans/" + planId + "/eas/" + ea.getString("psuId") + "/listing", manager,
            SyntheticCensus.listingCsv(census.get(ea.getString("eaId")), i), "text/csv");
      }
    }
    List<JsonObject> assignments = new ArrayList<>();
    call("GET", survey + "/assignments?kind=interview", manager, null, null).jsonArray()
        .forEach(a -> assignments.add((JsonObject) a));
    String supervisor = login("supervisor");
    Set<String> done = new HashSet<>();
    call("GET", survey + "/interviews?limit=1000", supervisor, null, null).json().getJsonArray("interviews")
        .forEach(i -> done.add(((JsonObject) i).getString("assignmentId")));

    SyncClient client = SyncClient.builder(base).allowCleartext(true).build();
    Map<String, Tablet> tablets = new HashMap<>();
    for (String enumerator : List.of("enumerator1", "enumerator2")) {
      JsonObject code = call("POST", survey + "/enrolments", supervisor,
          new JsonObject().put("enumerator", enumerator).encode(), "application/json").json();
      SigningKeyPair key = FieldsyncCrypto.generateSigningKeyPair();
      EnrolmentResult enrolled = client.enrol(code.getString("code"), FieldsyncCrypto.signer(key), "demo tablet",
          "demo");
      var pulled = client.pull(enrolled.credentials(), null);
      tablets.put(enumerator, new Tablet(enrolled, key, pulled.surveyKey(), ServerKeyRing.of(
          pulled.serverSigningKey())));
    }
    LOG.info("Demo fieldwork: {} households assigned in {} listed EAs, {} interviewed already; tablets upload one "
        + "every {} s — watch them arrive at /ui/ (log in as supervisor)", assignments.size(),
        Math.min(LISTED_EAS, eas.size()), done.size(), pause.toSeconds());

    byte[] example = ShippedQuestionnaires.example("household", "valid-1.json");
    List<JsonObject> todo = new ArrayList<>();
    for (JsonObject a : assignments) {
      boolean control = "NON".equals(a.getJsonObject("household").getString("type"));
      // enumerator2 leaves its control households for later: the control-lagging alert fires for its EAs
      if (!done.contains(a.getString("id")) && !(control && "enumerator2".equals(a.getString("enumerator")))) {
        todo.add(a);
      }
    }
    java.util.Collections.shuffle(todo, new java.util.Random(7));
    for (JsonObject a : todo.subList(0, Math.min(limit, todo.size()))) {
      Tablet t = tablets.get(a.getString("enumerator"));
      if (t == null) {
        continue;
      }
      SyntheticCensus.Ea ea = census.get(a.getString("eaId"));
      JsonObject answers = new JsonObject(new String(example, StandardCharsets.UTF_8));
      if (ea != null && answers.getValue("gps") instanceof JsonObject gps) {
        answers.put("gps", gps.copy().put("lat", ea.lat() + (random.nextDouble() - 0.5) * 0.01)
            .put("lon", ea.lon() + (random.nextDouble() - 0.5) * 0.01));
      }
      double r = random.nextDouble();
      String disposition = r < 0.85 ? "completed" : r < 0.93 ? "refused" : "not-at-home";
      String type = a.getJsonObject("household").getString("type");
      String found = random.nextDouble() < 0.05 ? ("NON".equals(type) ? "EMIG" : "NON") : type;
      Instant start = Instant.now().minusSeconds(60L * (25 + random.nextInt(40)));
      JsonObject household = a.getJsonObject("household");
      String householdId = household.getString("householdId", "");
      EnvelopeHeader header = EnvelopeHeader.builder().interviewId(UUID.randomUUID().toString()).revision(1)
          .surveyId(Demo.SURVEY).formId(a.getString("formId")).formVersion(a.getInteger("formVersion"))
          .assignmentId(a.getString("id")).householdId(householdId.isEmpty()
              ? a.getString("eaId") + "-" + household.getInteger("line") : householdId)
          .eaId(a.getString("eaId")).deviceId(t.enrolled().credentials().deviceId())
          .enumeratorId(t.enrolled().enumeratorId()).disposition(disposition)
          .householdTypeFound("completed".equals(disposition) ? found : null).startedAt(start)
          .endedAt("completed".equals(disposition) ? Instant.now() : start.plusSeconds(120))
          .surveyKeyId(t.surveyKey().keyId()).build();
      var envelope = new Sealer(t.enrolled().credentials().deviceId(), FieldsyncCrypto.signer(t.key()))
          .seal(header, answers.encode().getBytes(StandardCharsets.UTF_8), t.surveyKey());
      client.push(t.enrolled().credentials(), envelope, t.serverKeys());
      Thread.sleep(pause.toMillis());
    }
    LOG.info("Demo fieldwork: every assigned household of enumerator1, and enumerator2's migrant households, "
        + "have an interview");
  }

  private record Tablet(EnrolmentResult enrolled, SigningKeyPair key, PublishedKey surveyKey,
      ServerKeyRing serverKeys) {}

  /** The survey's frozen sample, planned and frozen now if there is none. */
  private String frozenPlan(String manager, String survey) {
    for (Object p : call("GET", survey + "/plans", manager, null, null).jsonArray()) {
      if ("frozen".equals(((JsonObject) p).getString("status"))) {
        return ((JsonObject) p).getString("id");
      }
    }
    String frame = call("GET", survey + "/frames", manager, null, null).jsonArray().getJsonObject(0)
        .getString("sha256");
    String plan = call("POST", survey + "/plans", manager, new JsonObject().put("frameSha256", frame)
        .put("design", new JsonObject().put("cutoffs", new JsonArray().add(0.05).add(0.15))
            .put("classLabels", new JsonArray().add("LOW").add("MED").add("HIGH")).put("totalPsus", 60)
            .put("takes", new JsonObject().put("EMIG", 4).put("RET", 2).put("NON", 4)))
        .put("seed", 2026).encode(), "application/json").json().getString("id");
    call("POST", survey + "/plans/" + plan + "/freeze", manager, "{}", "application/json");
    return plan;
  }

  private String login(String user) {
    return call("POST", "/api/v1/auth/login", null, new JsonObject().put("username", user)
        .put("password", user + "-demo-pass").encode(), "application/json").json().getString("token");
  }

  private record Answer(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    JsonArray jsonArray() {
      return new JsonArray(body);
    }
  }

  private Answer call(String method, String path, String token, String body, String contentType) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 400) {
        throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
      }
      return new Answer(r.statusCode(), r.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
