package org.fieldsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.Binary;
import org.fieldsync.client.AssignmentAdded;
import org.fieldsync.client.DeviceCredentials;
import org.fieldsync.client.DrainReport;
import org.fieldsync.client.Envelope;
import org.fieldsync.client.EnvelopeHeader;
import org.fieldsync.client.FieldsyncCrypto;
import org.fieldsync.client.Outbox;
import org.fieldsync.client.PublishedKey;
import org.fieldsync.client.PullResponse;
import org.fieldsync.client.Receipt;
import org.fieldsync.client.ReceiptStatus;
import org.fieldsync.client.Sealer;
import org.fieldsync.client.ServerKeyRing;
import org.fieldsync.client.SyncClient;
import org.fieldsync.forms.ShippedQuestionnaires;
import org.fieldsync.server.TestServer;
import org.fieldsync.server.account.Role;
import org.fieldsync.server.cli.Demo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Simulated tablets, built on the android-client-api library, enrol, pull and push against the real server: sealed
 * interviews come back with verified receipts, and every way to cheat or break an upload is refused with its code.
 */
class SyncApiTest {
  private static final String SURVEY = Demo.SURVEY;
  private static final byte[] ANSWERS = ShippedQuestionnaires.example("household", "valid-1.json");
  private static TestServer server;
  private static TestServer.Tablet tablet1;
  private static TestServer.Tablet tablet2;
  private static SyncClient client;
  private static PublishedKey surveyKey;
  private static ServerKeyRing ring;
  private static org.fieldsync.server.Fieldwork fieldwork;
  private static String assignment1;
  private static String assignment2;
  private static int householdVersion;

  @BeforeAll
  static void start() {
    fieldwork = org.fieldsync.server.Fieldwork.start();
    server = fieldwork.server();
    assignment1 = fieldwork.assignmentsOf("enumerator1").get(0).getString("id");
    assignment2 = fieldwork.assignmentsOf("enumerator2").get(0).getString("id");
    householdVersion = fieldwork.assignments().get(0).getInteger("formVersion");
    tablet1 = fieldwork.tablet("enumerator1");
    tablet2 = fieldwork.tablet("enumerator2");
    client = fieldwork.client();
    PullResponse pulled = client.pull(credentials(tablet1), null);
    surveyKey = pulled.surveyKey();
    ring = ServerKeyRing.of(pulled.serverSigningKey());
  }

  @AfterAll
  static void stop() {
    fieldwork.close();
  }

  private static DeviceCredentials credentials(TestServer.Tablet t) {
    return new DeviceCredentials(t.deviceId(), t.token());
  }

  private static String enumeratorId(TestServer.Tablet t) {
    return t.enrolment().getJsonObject("enumerator").getString("id");
  }

  private static EnvelopeHeader.Builder header(TestServer.Tablet t, String interviewId, int revision,
      String assignmentId) {
    return EnvelopeHeader.builder().interviewId(interviewId).revision(revision).surveyId(SURVEY).formId("household")
        .formVersion(householdVersion).assignmentId(assignmentId).householdId("hh-1").eaId("ea-1")
        .deviceId(t.deviceId()).enumeratorId(enumeratorId(t)).disposition("completed").householdTypeFound("EMIG")
        .startedAt(Instant.parse("2026-11-20T08:15:00Z")).endedAt(Instant.parse("2026-11-20T08:52:00Z"))
        .surveyKeyId(surveyKey.keyId());
  }

  private static Envelope seal(TestServer.Tablet t, EnvelopeHeader header, byte[] answers, PublishedKey key) {
    return new Sealer(t.deviceId(), FieldsyncCrypto.signer(t.key())).seal(header, answers, key);
  }

  private static Envelope seal(TestServer.Tablet t, String interviewId) {
    return seal(t, header(t, interviewId, 1, t == tablet1 ? assignment1 : assignment2).build(), ANSWERS, surveyKey);
  }

  private static TestServer.Response put(TestServer.Tablet t, String interviewId, int revision, byte[] body) {
    return server.send("PUT", "/api/v1/sync/interviews/" + interviewId + "/revisions/" + revision, t.token(),
        new String(body, StandardCharsets.UTF_8), Map.of("Content-Type", Envelope.MEDIA_TYPE));
  }

  /** Changes part of the sealed object and signs it again with the tablet's key, as a malicious tablet could. */
  private static byte[] resign(TestServer.Tablet t, Envelope e, String from, String to) {
    String text = new String(e.toByteArray(), StandardCharsets.UTF_8);
    String sealed = text.substring("{\"sealed\":".length(), text.indexOf(",\"signature\":\""));
    assertTrue(sealed.contains(from), from);
    String changed = sealed.replace(from, to);
    byte[] sig = FieldsyncCrypto.sign(t.key(), changed.getBytes(StandardCharsets.UTF_8), 0, changed.length());
    return ("{\"sealed\":" + changed + ",\"signature\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(sig)
        + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anEnrolledTabletPullsItsAssignmentsKeysAndQuestionnaires() {
    PullResponse first = client.pull(credentials(tablet1), null);
    assertTrue(first.snapshot());
    List<String> ids = first.changes().stream().filter(c -> c instanceof AssignmentAdded)
        .map(c -> ((AssignmentAdded) c).assignment().assignmentId()).toList();
    assertTrue(ids.contains(assignment1), ids.toString());
    assertFalse(ids.contains(assignment2), "only the enumerator's own assignments");
    assertEquals(surveyKey.keyId(), first.surveyKey().keyId());
    assertTrue(first.questionnaires().stream().anyMatch(q -> q.formId().equals("household")));

    PullResponse next = client.pull(credentials(tablet1), first.cursor());
    assertFalse(next.snapshot());
    // nothing new since the snapshot; log entries younger than the grace period may come again (harmless)
    assertTrue(next.changes().stream().allMatch(c -> c instanceof AssignmentAdded
        && ids.contains(((AssignmentAdded) c).assignment().assignmentId())), next.changes().toString());

    TestServer.Response download = server.send("GET", "/api/v1/questionnaires/household/versions/"
        + householdVersion, tablet1.token(), null);
    assertEquals(200, download.status(), "tablets download questionnaires with their device token");
  }

  @Test
  void aSealedInterviewGetsAVerifiedReceiptAndIsStoredStillEncrypted() {
    String id = UUID.randomUUID().toString();
    Envelope envelope = seal(tablet1, id);
    Receipt receipt = client.push(credentials(tablet1), envelope, ring);
    assertEquals(ReceiptStatus.ACCEPTED, receipt.status(), receipt.errors().toString());
    assertEquals(envelope.sha256(), receipt.envelopeSha256());

    Document stored = server.server().mongo().db().getCollection("interviews").find(new Document("key", id + "#1"))
        .first();
    assertNotNull(stored);
    String asText = new String(stored.get("envelope", Binary.class).getData(), StandardCharsets.UTF_8);
    String someAnswer = new JsonObject(new String(ANSWERS, StandardCharsets.UTF_8)).getString("ea_code");
    assertFalse(asText.contains(someAnswer), "answers are stored sealed, never in plaintext");
    assertEquals("accepted", stored.getString("status"));
  }

  @Test
  void theSameEnvelopeAgainGetsTheSameReceiptAndOtherContentIsAConflict() {
    String id = UUID.randomUUID().toString();
    Envelope envelope = seal(tablet1, id);
    TestServer.Response first = put(tablet1, id, 1, envelope.toByteArray());
    assertEquals(201, first.status(), first.body());
    TestServer.Response again = put(tablet1, id, 1, envelope.toByteArray());
    assertEquals(200, again.status());
    assertEquals(first.body(), again.body(), "byte for byte the stored receipt");

    Envelope other = seal(tablet1, header(tablet1, id, 1, assignment1).disposition("partial").build(), ANSWERS,
        surveyKey);
    TestServer.Response conflict = put(tablet1, id, 1, other.toByteArray());
    assertEquals(409, conflict.status());
    assertEquals("upload.revision-conflict", conflict.code());

    Envelope second = seal(tablet1, header(tablet1, id, 2, assignment1).build(), ANSWERS, surveyKey);
    TestServer.Response stale = put(tablet1, id, 2, second.toByteArray());
    assertEquals(409, stale.status(), "a new revision only after the supervisor sent the interview back");
    assertEquals("upload.stale-revision", stale.code());
  }

  @Test
  void anAuthenticInterviewThatFailsValidationIsQuarantinedNotLost() {
    String id = UUID.randomUUID().toString();
    byte[] invalid = ShippedQuestionnaires.example("household", "invalid-missing-roster.json");
    Envelope envelope = seal(tablet1, header(tablet1, id, 1, assignment1).build(), invalid, surveyKey);
    Receipt receipt = client.push(credentials(tablet1), envelope, ring);
    assertEquals(ReceiptStatus.QUARANTINED, receipt.status());
    assertEquals("/roster", receipt.errors().get(0).pointer());
    assertEquals("answer.required", receipt.errors().get(0).code());
  }

  @Test
  void tamperedEnvelopesAreRefusedWithTheirCodes() {
    String id = UUID.randomUUID().toString();
    Envelope envelope = seal(tablet1, id);
    String text = new String(envelope.toByteArray(), StandardCharsets.UTF_8);
    int ct = text.indexOf("\"ciphertext\":\"") + 20;
    String fragment = text.substring(ct, ct + 6);
    String flipped = (fragment.charAt(0) == 'A' ? 'B' : 'A') + fragment.substring(1);

    TestServer.Response ciphertext = put(tablet1, id, 1, resign(tablet1, envelope, fragment, flipped));
    assertEquals(422, ciphertext.status(), ciphertext.body());
    assertEquals("upload.decrypt-failed", ciphertext.code());
    assertEquals("ciphertext-tampered", ciphertext.json().getJsonObject("details").getString("reason"));

    TestServer.Response header = put(tablet1, id, 1, resign(tablet1, envelope, "\"disposition\":\"completed\"",
        "\"disposition\":\"refused\""));
    assertEquals(422, header.status(), header.body());
    assertEquals("header-tampered", header.json().getJsonObject("details").getString("reason"));

    byte[] unsigned = text.replace(fragment, flipped).getBytes(StandardCharsets.UTF_8);
    assertEquals("upload.signature-invalid", put(tablet1, id, 1, unsigned).code());
    assertEquals("upload.envelope-invalid", put(tablet1, id, 1, "{\"not\":\"an envelope\"}".getBytes()).code());
    assertTrue(server.get(Role.ADMIN, "/api/v1/audit?objectId=" + id).json().getJsonArray("events").isEmpty(),
        "nothing was stored for a refused upload");
    assertEquals(0, server.server().mongo().db().getCollection("interviews")
        .countDocuments(new Document("interviewId", id)));
  }

  @Test
  void replaysAndOtherDevicesAndOtherKeysAreRefused() {
    String id = UUID.randomUUID().toString();
    Envelope envelope = seal(tablet1, id);
    TestServer.Response replay = put(tablet1, UUID.randomUUID().toString(), 1, envelope.toByteArray());
    assertEquals(422, replay.status());
    assertEquals("upload.header-mismatch", replay.code());
    assertEquals("interviewId", replay.json().getJsonObject("details").getString("field"));

    Envelope signedByOther = new Sealer(tablet1.deviceId(), FieldsyncCrypto.signer(tablet2.key()))
        .seal(header(tablet1, id, 1, assignment1).build(), ANSWERS, surveyKey);
    assertEquals("upload.signature-invalid", put(tablet1, id, 1, signedByOther.toByteArray()).code());

    TestServer.Response othersAssignment = put(tablet1, id, 1,
        seal(tablet1, header(tablet1, id, 1, assignment2).build(), ANSWERS, surveyKey).toByteArray());
    assertEquals(403, othersAssignment.status());
    assertEquals("upload.assignment-not-yours", othersAssignment.code());

    TestServer.Tablet foreign = server.enrolTablet("another-survey");
    PublishedKey foreignKey = client.pull(credentials(foreign), null).surveyKey();
    Envelope sealedForAnother = seal(tablet1, header(tablet1, id, 1, assignment1).surveyKeyId(foreignKey.keyId())
        .build(), ANSWERS, foreignKey);
    TestServer.Response wrongKey = put(tablet1, id, 1, sealedForAnother.toByteArray());
    assertEquals(422, wrongKey.status());
    assertEquals("upload.survey-key-unknown", wrongKey.code());

    assertEquals(201, put(tablet1, id, 1, envelope.toByteArray()).status(), "the genuine one still goes in");
  }

  @Test
  void aRevokedTabletIsRefusedOnEveryCall() {
    TestServer.Tablet lost = server.enrolTablet(SURVEY, "enumerator2");
    Envelope pending = seal(lost, UUID.randomUUID().toString());
    TestServer.Response revoked = server.post(Role.MANAGER, "/api/v1/devices/" + lost.deviceId() + "/revoke",
        new JsonObject().put("reason", "lost in the field"));
    assertEquals(200, revoked.status(), revoked.body());
    TestServer.Response pull = server.send("GET", "/api/v1/sync/pull", lost.token(), null);
    assertEquals(403, pull.status());
    assertEquals("device.revoked", pull.code());
    TestServer.Response push = put(lost, pending.header().interviewId(), 1, pending.toByteArray());
    assertEquals("device.revoked", push.code());
    assertEquals(1, server.get(Role.ADMIN, "/api/v1/audit?action=device.revoked&objectId=" + lost.deviceId())
        .json().getJsonArray("events").size());
  }

  @Test
  void disablingAnEnumeratorsAccountRevokesTheirTablets() {
    server.post(Role.ADMIN, "/api/v1/users", new JsonObject().put("username", "leaving.enumerator")
        .put("password", TestServer.PASSWORD).put("roles", new JsonArray().add("enumerator")));
    TestServer.Tablet t = server.enrolTablet("leavers", "leaving.enumerator");
    assertEquals(200, server.send("GET", "/api/v1/sync/pull", t.token(), null).status());
    String userId = t.enrolment().getJsonObject("enumerator").getString("id");
    TestServer.Response disabled = server.patch(Role.ADMIN, "/api/v1/users/" + userId,
        new JsonObject().put("disabled", true));
    assertEquals(1, disabled.status() == 200 ? 1 : 0, disabled.body());
    TestServer.Response pull = server.send("GET", "/api/v1/sync/pull", t.token(), null);
    assertEquals(403, pull.status());
    assertEquals("device.revoked", pull.code());
  }

  @Test
  void enrolmentCodesAreOneTimeAndNeedAProofOfTheKey() {
    TestServer.Response code = server.post(Role.MANAGER, "/api/v1/surveys/" + SURVEY + "/enrolments",
        new JsonObject().put("enumerator", "enumerator1"));
    assertEquals(201, code.status());
    assertTrue(code.json().getString("qrPayload").startsWith("fieldsync://enrol?server="));
    var key = FieldsyncCrypto.generateSigningKeyPair();
    var other = FieldsyncCrypto.generateSigningKeyPair();
    String normalised = org.fieldsync.client.EnrolmentInvite.normalizeCode(code.json().getString("code"));
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    JsonObject body = new JsonObject().put("code", normalised).put("publicKey", b64.encodeToString(key.publicKey()))
        .put("deviceName", "t").put("appVersion", "1");
    TestServer.Response badProof = server.post(null, "/api/v1/devices/enrol", body.copy().put("proof",
        b64.encodeToString(FieldsyncCrypto.enrolmentProof(normalised, FieldsyncCrypto.signer(other)))));
    assertEquals(422, badProof.status());
    assertEquals("enrolment.proof-invalid", badProof.code());
    JsonObject good = body.copy().put("proof",
        b64.encodeToString(FieldsyncCrypto.enrolmentProof(normalised, FieldsyncCrypto.signer(key))));
    assertEquals(201, server.post(null, "/api/v1/devices/enrol", good).status(), "a bad proof does not use the code");
    TestServer.Response reused = server.post(null, "/api/v1/devices/enrol", good);
    assertEquals(401, reused.status());
    assertEquals("enrolment.code-invalid", reused.code());

    TestServer.Response notMine = server.post(Role.SUPERVISOR, "/api/v1/surveys/" + SURVEY + "/enrolments",
        new JsonObject().put("enumerator", "enumerator1"));
    assertEquals(403, notMine.status(), "the test supervisor does not supervise the demo team");
    TestServer.Response analyst = server.post(Role.MANAGER, "/api/v1/surveys/" + SURVEY + "/enrolments",
        new JsonObject().put("enumerator", "analyst"));
    assertEquals("enrolment.enumerator-not-in-survey", analyst.code());
  }

  @Test
  void theTabletOutboxDrainsThroughTheServer() throws Exception {
    File dir = Files.createTempDirectory("outbox").toFile();
    try (Outbox outbox = Outbox.open(dir)) {
      for (int i = 0; i < 3; i++) {
        outbox.put(seal(tablet2, UUID.randomUUID().toString()));
      }
      DrainReport report = client.drain(credentials(tablet2), outbox, ring);
      assertTrue(report.complete(), report.toString());
      assertEquals(3, report.delivered().size());
      assertTrue(outbox.pending().isEmpty());
      assertEquals(3, outbox.receipts().size());
    }
  }

  @Test
  void afterAKeyRotationNewUploadsUseTheNewKeyAndOldEnvelopesStillOpen() {
    TestServer.Tablet t = server.enrolTablet(SURVEY, "enumerator1");
    PublishedKey oldKey = client.pull(credentials(t), null).surveyKey();
    Envelope sealedBefore = seal(t, header(t, UUID.randomUUID().toString(), 1, null).surveyKeyId(oldKey.keyId())
        .build(), ANSWERS, oldKey);

    TestServer.Response rotated = server.post(Role.MANAGER, "/api/v1/surveys/" + SURVEY + "/keys/rotate", null);
    assertEquals(200, rotated.status(), rotated.body());
    PublishedKey newKey = client.pull(credentials(t), null).surveyKey();
    assertEquals(rotated.json().getString("keyId"), newKey.keyId());
    assertFalse(newKey.keyId().equals(oldKey.keyId()));

    Envelope sealedAfter = seal(t, header(t, UUID.randomUUID().toString(), 1, null).surveyKeyId(newKey.keyId())
        .build(), ANSWERS, newKey);
    assertEquals(ReceiptStatus.ACCEPTED, client.push(credentials(t), sealedAfter, ring).status());
    assertEquals(ReceiptStatus.ACCEPTED, client.push(credentials(t), sealedBefore, ring).status(),
        "an interview sealed to the previous key before the rotation still opens");
    assertEquals(1, server.get(Role.ADMIN, "/api/v1/audit?action=survey-key.rotated").json().getJsonArray("events")
        .size());
    surveyKey = newKey;
  }

  @Test
  void theServerRefusesToStartWithAnotherKeyEncryptionKey() throws Exception {
    java.nio.file.Path dir = Files.createTempDirectory("fieldsync-kek");
    var config = org.fieldsync.server.config.ConfigLoader.load(null, Map.of(), Map.of("http.port", "0",
        "http.host", "127.0.0.1", "store.data-dir", dir.toString()));
    org.fieldsync.server.FieldsyncServer.start(config).close(); // creates kek.key and records its fingerprint
    assertTrue(Files.exists(dir.resolve("kek.key")));
    Files.writeString(dir.resolve("kek.key"), Base64.getEncoder().encodeToString(new byte[32]));
    var e = org.junit.jupiter.api.Assertions.assertThrows(org.fieldsync.server.config.ConfigException.class,
        () -> org.fieldsync.server.FieldsyncServer.start(config));
    assertTrue(e.getMessage().contains("is not the one this store's keys were wrapped with"), e.getMessage());
  }

  @Test
  void enrolmentQrCodesCarryTheConfiguredPublicUrl() {
    try (TestServer behindProxy = TestServer.start(Map.of("http.public-url", "https://fieldsync.example.org/"))) {
      behindProxy.enrolTablet("proxied");
      TestServer.Response code = behindProxy.post(Role.MANAGER, "/api/v1/surveys/proxied/enrolments",
          new JsonObject().put("enumerator", TestServer.username(Role.ENUMERATOR)));
      assertEquals(org.fieldsync.client.EnrolmentInvite.parse(code.json().getString("qrPayload")).serverUrl(),
          "https://fieldsync.example.org");
    }
  }

  @Test
  void aSupervisorSendsAnInterviewBackAndTheCorrectedRevisionIsAcceptedOnce() {
    TestServer.Tablet t = server.enrolTablet(SURVEY, "enumerator2");
    String cursor = client.pull(credentials(t), null).cursor();
    String id = UUID.randomUUID().toString();
    assertEquals(ReceiptStatus.ACCEPTED, client.push(credentials(t), seal(t, header(t, id, 1, assignment2).build(),
        ANSWERS, surveyKey), ring).status());

    String path = "/api/v1/surveys/" + SURVEY + "/interviews/" + id + "/revisions/1/return";
    TestServer.Response badBody = server.post(Role.MANAGER, path, new JsonObject());
    assertEquals(400, badBody.status());
    TestServer.Response returned = server.post(Role.MANAGER, path, new JsonObject().put("comments",
        new JsonArray().add(new JsonObject().put("pointer", "/roster/0/age").put("text", "Check the head's age"))));
    assertEquals(200, returned.status(), returned.body());
    TestServer.Response notMine = server.post(Role.SUPERVISOR, path, new JsonObject().put("comments",
        new JsonArray().add(new JsonObject().put("text", "x"))));
    assertEquals(403, notMine.status(), "the test supervisor does not supervise the demo team");

    PullResponse pulled = client.pull(credentials(t), cursor);
    org.fieldsync.client.InterviewReturned back = pulled.changes().stream()
        .filter(c -> c instanceof org.fieldsync.client.InterviewReturned)
        .map(c -> (org.fieldsync.client.InterviewReturned) c).findFirst().orElseThrow();
    assertEquals(id, back.interviewId());
    assertEquals("/roster/0/age", back.comments().get(0).pointer());
    assertNotNull(back.answersJson(), "the returned answers travel back, opened in memory on the server");
    assertTrue(back.answersJson().contains("roster"));

    PullResponse snapshot = client.pull(credentials(t), null);
    assertTrue(snapshot.changes().stream().anyMatch(c -> c instanceof org.fieldsync.client.InterviewReturned
        && ((org.fieldsync.client.InterviewReturned) c).interviewId().equals(id)),
        "a snapshot (lost cursor, new tablet) announces the interview waiting for correction again");

    TestServer.Tablet other = server.enrolTablet(SURVEY, "enumerator1");
    Envelope hijack = seal(other, header(other, id, 2, null).build(), ANSWERS, surveyKey);
    TestServer.Response refusedHijack = put(other, id, 2, hijack.toByteArray());
    assertEquals("upload.header-mismatch", refusedHijack.code(), "another enumerator cannot take the correction");

    Envelope corrected = seal(t, header(t, id, 2, assignment2).build(), ANSWERS, surveyKey);
    assertEquals(201, put(t, id, 2, corrected.toByteArray()).status());
    assertEquals(200, put(t, id, 2, corrected.toByteArray()).status(), "the same revision again: same receipt");
    Envelope third = seal(t, header(t, id, 3, assignment2).build(), ANSWERS, surveyKey);
    assertEquals("upload.stale-revision", put(t, id, 3, third.toByteArray()).code());
    TestServer.Response again = server.post(Role.MANAGER, path, new JsonObject().put("comments",
        new JsonArray().add(new JsonObject().put("text", "again"))));
    assertEquals(409, again.status());
    assertEquals("interview.not-latest", again.code());
  }

  @Test
  void anOversizedEnvelopeGetsA413() {
    try (TestServer small = TestServer.start(Map.of("sync.max-envelope-bytes", "4096"))) {
      TestServer.Tablet t = small.enrolTablet("tiny");
      TestServer.Response r = small.send("PUT", "/api/v1/sync/interviews/x/revisions/1", t.token(),
          "x".repeat(5000), Map.of("Content-Type", Envelope.MEDIA_TYPE));
      assertEquals(413, r.status());
      assertEquals("upload.too-large", r.code());
    }
  }

}
