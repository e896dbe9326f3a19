package org.fieldsync.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fieldsync.client.Envelope;
import org.fieldsync.client.EnvelopeHeader;
import org.fieldsync.client.FieldsyncCrypto;
import org.fieldsync.client.PublishedKey;
import org.fieldsync.client.PullResponse;
import org.fieldsync.client.Sealer;
import org.fieldsync.client.SyncClient;
import org.fieldsync.client.DeviceCredentials;
import org.fieldsync.forms.ShippedQuestionnaires;
import org.fieldsync.server.cli.Demo;
import org.fieldsync.server.sampling.SyntheticCensus;

/**
 * A survey in the field, for API and browser tests: the demo seeded on a {@link TestServer}, a frozen plan, two EAs
 * listed (interview assignments for the demo's enumerator1 and enumerator2, both in the demo supervisor's Team
 * North), and one enrolled tablet per enumerator that seals and uploads interviews as a real tablet does.
 */
public final class Fieldwork implements AutoCloseable {
  public static final String SURVEY = Demo.SURVEY;
  public static final byte[] ANSWERS = ShippedQuestionnaires.example("household", "valid-1.json");

  private final TestServer server;
  private final String planId;
  private final List<JsonObject> assignments;
  private final int householdVersion;
  private final TestServer.Tablet tablet1;
  private final TestServer.Tablet tablet2;
  private final PublishedKey surveyKey;

  private Fieldwork(TestServer server) {
    this.server = server;
    Demo.seed(server.server().services());
    String base = "/api/v1/surveys/" + SURVEY;
    String frame = server.get(org.fieldsync.server.account.Role.MANAGER, base + "/frames").jsonArray()
        .getJsonObject(0).getString("sha256");
    planId = server.post(org.fieldsync.server.account.Role.MANAGER, base + "/plans", new JsonObject()
        .put("frameSha256", frame)
        .put("design", new JsonObject().put("cutoffs", new JsonArray().add(0.05).add(0.15))
            .put("classLabels", new JsonArray().add("LOW").add("MED").add("HIGH")).put("totalPsus", 60)
            .put("takes", new JsonObject().put("EMIG", 4).put("RET", 2).put("NON", 4)))
        .put("seed", 3)).json().getString("id");
    server.post(org.fieldsync.server.account.Role.MANAGER, base + "/plans/" + planId + "/freeze", null);
    JsonArray eas = server.get(org.fieldsync.server.account.Role.MANAGER, base + "/plans/" + planId + "/eas")
        .jsonArray();
    for (int i = 0; i < 2; i++) {
      JsonObject ea = eas.getJsonObject(i);
      SyntheticCensus.Ea census = SyntheticCensus.frame(Demo.FRAME_EAS, Demo.FRAME_SEED).stream()
          .filter(e -> e.eaId().equals(ea.getString("eaId"))).findFirst().orElseThrow();
      server.send("PUT", base + "/plans/" + planId + "/eas/" + census.eaId() + "/listing",
          server.token(org.fieldsync.server.account.Role.MANAGER), SyntheticCensus.listingCsv(census, 5),
          Map.of("Content-Type", "text/csv"));
    }
    assignments = server.get(org.fieldsync.server.account.Role.MANAGER, base + "/assignments?kind=interview")
        .jsonArray().stream().map(JsonObject.class::cast).toList();
    householdVersion = assignments.get(0).getInteger("formVersion");
    tablet1 = server.enrolTablet(SURVEY, "enumerator1");
    tablet2 = server.enrolTablet(SURVEY, "enumerator2");
    PullResponse pulled = client().pull(new DeviceCredentials(tablet1.deviceId(), tablet1.token()), null);
    surveyKey = pulled.surveyKey();
  }

  /** Starts a server and puts a survey in the field. */
  public static Fieldwork start() {
    return new Fieldwork(TestServer.start());
  }

  public static Fieldwork start(Map<String, String> settings) {
    return new Fieldwork(TestServer.start(settings));
  }

  public TestServer server() {
    return server;
  }

  public String planId() {
    return planId;
  }

  /** The interview assignments, as {@code GET .../assignments?kind=interview} lists them. */
  public List<JsonObject> assignments() {
    return assignments;
  }

  /** The interview assignments of one demo enumerator ({@code enumerator1} or {@code enumerator2}). */
  public List<JsonObject> assignmentsOf(String enumerator) {
    return assignments.stream().filter(a -> enumerator.equals(a.getString("enumerator"))).toList();
  }

  public TestServer.Tablet tablet(String enumerator) {
    return "enumerator1".equals(enumerator) ? tablet1 : tablet2;
  }

  public SyncClient client() {
    return SyncClient.builder(server.baseUrl()).allowCleartext(true).build();
  }

  /** Logs in as a demo account ({@code supervisor}, {@code manager}, ...) and returns its bearer token. */
  public String demoToken(String username) {
    return server.send("POST", "/api/v1/auth/login", null, new JsonObject().put("username", username)
        .put("password", username + "-demo-pass").encode()).json().getString("token");
  }

  /** What a tablet puts in the header of one interview; adjust it with the builder before {@link #upload}. */
  public EnvelopeHeader.Builder header(JsonObject assignment, String interviewId, int revision) {
    TestServer.Tablet t = tablet(assignment.getString("enumerator"));
    JsonObject household = assignment.getJsonObject("household");
    return EnvelopeHeader.builder().interviewId(interviewId).revision(revision).surveyId(SURVEY)
        .formId("household").formVersion(householdVersion).assignmentId(assignment.getString("id"))
        .householdId(!household.getString("householdId", "").isEmpty() ? household.getString("householdId")
            : assignment.getString("eaId") + "-" + household.getInteger("line")).eaId(assignment.getString("eaId"))
        .deviceId(t.deviceId()).enumeratorId(t.enrolment().getJsonObject("enumerator").getString("id"))
        .disposition("completed").householdTypeFound(household.getString("type"))
        .startedAt(Instant.parse("2026-11-20T08:15:00Z")).endedAt(Instant.parse("2026-11-20T08:52:00Z"))
        .surveyKeyId(surveyKey.keyId());
  }

  /**
   * Seals and uploads one interview revision from its enumerator's tablet; returns the HTTP answer. {@link #ANSWERS}
   * are sent with their GPS point moved into the interview's EA (the example's point is elsewhere).
   */
  public TestServer.Response upload(EnvelopeHeader header, byte[] answers) {
    if (answers == ANSWERS) {
      answers = locatedIn(header.eaId());
    }
    TestServer.Tablet t = "enumerator1".equals(enumeratorOf(header)) ? tablet1 : tablet2;
    Envelope e = new Sealer(t.deviceId(), FieldsyncCrypto.signer(t.key())).seal(header, answers, surveyKey);
    return server.send("PUT", "/api/v1/sync/interviews/" + header.interviewId() + "/revisions/" + header.revision(),
        t.token(), new String(e.toByteArray(), StandardCharsets.UTF_8), Map.of("Content-Type", Envelope.MEDIA_TYPE));
  }

  private static final Map<String, double[]> CENTROIDS = new java.util.HashMap<>();

  static {
    for (SyntheticCensus.Ea ea : SyntheticCensus.frame(Demo.FRAME_EAS, Demo.FRAME_SEED)) {
      CENTROIDS.put(ea.eaId(), new double[] {ea.lat(), ea.lon()});
    }
  }

  private static byte[] locatedIn(String eaId) {
    return locate(eaId, ANSWERS);
  }

  /** The answers with their GPS point ({@code /gps}) moved next to the EA's centroid. */
  public static byte[] locate(String eaId, byte[] answers) {
    double[] c = CENTROIDS.get(eaId);
    if (c == null) {
      return answers;
    }
    JsonObject a = new JsonObject(new String(answers, StandardCharsets.UTF_8));
    a.put("gps", a.getJsonObject("gps").copy().put("lat", c[0] + 0.001).put("lon", c[1] - 0.001));
    return a.encode().getBytes(StandardCharsets.UTF_8);
  }

  private String enumeratorOf(EnvelopeHeader header) {
    return header.deviceId().equals(tablet1.deviceId()) ? "enumerator1" : "enumerator2";
  }

  @Override
  public void close() {
    server.close();
  }
}
