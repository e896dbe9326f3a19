package org.fieldsync.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.fieldsync.client.EnrolmentInvite;
import org.fieldsync.client.Envelope;
import org.fieldsync.client.EnvelopeHeader;
import org.fieldsync.client.FieldsyncCrypto;
import org.fieldsync.client.OpenedEnvelope;
import org.fieldsync.client.PublishedKey;
import org.fieldsync.client.Receipt;
import org.fieldsync.client.ReceiptStatus;
import org.fieldsync.client.SealingException;
import org.fieldsync.client.SurveyKeyPair;
import org.fieldsync.client.Timestamps;
import org.fieldsync.client.UploadContext;
import org.fieldsync.client.ValidationError;
import org.fieldsync.forms.AnswerError;
import org.fieldsync.forms.FormsException;
import org.fieldsync.forms.Questionnaire;
import org.fieldsync.server.account.AccountStore;
import org.fieldsync.server.account.Principal;
import org.fieldsync.server.account.Role;
import org.fieldsync.server.account.User;
import org.fieldsync.server.assignment.AssignmentStore;
import org.fieldsync.server.assignment.AssignmentView;
import org.fieldsync.server.audit.AuditLog;
import org.fieldsync.server.crypto.Tokens;
import org.fieldsync.server.http.Problem;
import org.fieldsync.server.http.ProblemType;
import org.fieldsync.server.interview.InterviewStore;
import org.fieldsync.server.crypto.AnswersAtRest;
import org.fieldsync.server.interview.StoredInterview;
import org.fieldsync.server.questionnaire.QuestionnaireService;
import org.fieldsync.server.store.Blocking;
import org.fieldsync.server.store.Durability;
import org.fieldsync.server.store.Throttle;
import org.fieldsync.server.survey.SurveyStore;
import org.fieldsync.server.survey.SurveyView;
import org.fieldsync.server.survey.TeamView;
import org.fieldsync.server.sync.SyncStore.Device;

/**
 * The server side of tablet sync (docs/sync-protocol.md): enrolment codes and devices, device tokens, the pull feed
 * and sealed uploads.
 *
 * <p>An upload is checked in the protocol's order — envelope form, device signature, header against the path and the
 * device, revision rules, the assignment being the enumerator's, the survey key — then opened in memory, validated
 * against the questionnaire version it names, stored in one insert as received (still sealed) with its signed
 * receipt, made durable, and only then answered. An authentic interview that fails validation is stored as
 * {@code quarantined} with its errors in the receipt: refusing it would strand data on a tablet.
 */
public final class SyncService {
  /** Device tokens start with this, so a request resolves them without trying the user sessions first. */
  public static final String DEVICE_TOKEN_PREFIX = "fsd_";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Decoder B64URL = Base64.getUrlDecoder();

  private final SyncStore store;
  private final InterviewStore interviews;
  /** Told of every pull: (survey, enumerator), for the enumerator's last sync. */
  private final java.util.function.BiConsumer<String, String> onPull;
  private final AssignmentStore assignments;
  private final SurveyStore surveys;
  private final AccountStore accounts;
  private final QuestionnaireService questionnaires;
  private final SyncKeys keys;
  private final ChangeLog changes;
  private final AuditLog audit;
  private final Blocking blocking;
  private final Durability durability;
  private final UploadWriter writer;
  private final Throttle throttle;
  private final Clock clock;
  /**
   * Each device as read by the authentication of its latest request. Only used within that request (pull, push),
   * so it is never staler than the revocation check that let the request in.
   */
  private final Map<String, Device> authenticated = new java.util.concurrent.ConcurrentHashMap<>();

  /** What an upload answers: 201 (stored now) or 200 (stored before), and the receipt bytes. */
  public record PushResult(int status, byte[] receipt) {}

  public SyncService(SyncStore store, InterviewStore interviews, AssignmentStore assignments, SurveyStore surveys,
      AccountStore accounts, QuestionnaireService questionnaires, SyncKeys keys, ChangeLog changes, AuditLog audit,
      Blocking blocking, Durability durability, UploadWriter writer, Throttle throttle, Clock clock,
      java.util.function.BiConsumer<String, String> onPull) {
    this.onPull = onPull;
    this.throttle = throttle;
    this.store = store;
    this.interviews = interviews;
    this.assignments = assignments;
    this.surveys = surveys;
    this.accounts = accounts;
    this.questionnaires = questionnaires;
    this.keys = keys;
    this.changes = changes;
    this.audit = audit;
    this.blocking = blocking;
    this.durability = durability;
    this.writer = writer;
    this.clock = clock;
  }

  public ChangeLog changes() {
    return changes;
  }

  /** Stops the upload writer after the group it is writing. */
  public void close() {
    writer.close();
  }

  public SyncKeys keys() {
    return keys;
  }

  // ---- enrolment

  /** Issues a one-time enrolment code for an enumerator of the survey; a supervisor only for their own teams. */
  public Future<JsonObject> issueEnrolment(Principal actor, String surveyId, String enumerator, int ttlMinutes,
      String serverUrl) {
    return blocking.run(() -> {
      survey(surveyId);
      User user = accounts.findById(enumerator).or(() -> accounts.findByUsername(enumerator)).orElseThrow(() ->
          new Problem(ProblemType.USER_NOT_FOUND, "/enumerator: there is no user '" + enumerator + "'."));
      TeamView team = teamOf(surveyId, user.id()).orElseThrow(() -> new Problem(
          ProblemType.ENROLMENT_NOT_IN_SURVEY, "User '" + user.username() + "' is not an enumerator of a team of "
              + "survey '" + surveyId + "': add them to a team first."));
      requireSupervisorScope(actor, team, "enrol tablets for");
      StringBuilder code = new StringBuilder();
      for (int i = 0; i < EnrolmentInvite.CODE_LENGTH; i++) {
        code.append(EnrolmentInvite.CODE_ALPHABET.charAt(RANDOM.nextInt(EnrolmentInvite.CODE_ALPHABET.length())));
      }
      Instant now = clock.instant();
      Instant expires = now.plus(Duration.ofMinutes(ttlMinutes));
      store.insertEnrolment(new SyncStore.Enrolment(Tokens.hash(code.toString()), surveyId, user.id(),
          user.username(), expires, actor.username(), now));
      audit.record(actor, "enrolment.issued", "user", user.id(), Map.of("survey", surveyId,
          "expiresAt", expires.toString()));
      EnrolmentInvite invite = new EnrolmentInvite(serverUrl, surveyId, code.toString());
      return new JsonObject().put("code", invite.displayCode()).put("expiresAt", Timestamps.format(expires))
          .put("qrPayload", invite.toQrPayload())
          .put("enumerator", new JsonObject().put("id", user.id()).put("username", user.username()));
    });
  }

  /** Wrong enrolment codes or proofs allowed per client address in one throttle window (15 minutes). */
  public static final int MAX_ENROLMENT_FAILURES = 20;

  /**
   * Enrols a tablet: the proof shows it holds its key; the code is claimed once, atomically. Guessing codes is
   * throttled per client address.
   */
  public Future<JsonObject> enrol(String code, String publicKeyText, String proofText, String deviceName,
      String appVersion, String address) {
    return blocking.run(() -> {
      if (throttle.attempt("enrol-address:" + address) > MAX_ENROLMENT_FAILURES) {
        long wait = throttle.secondsLeft();
        throw new Problem(ProblemType.AUTH_THROTTLED, "Too many failed enrolments from this address: try again in "
            + wait + " seconds.", new JsonObject().put("retryAfterSeconds", wait));
      }
      try {
        JsonObject enrolled = enrolNow(code, publicKeyText, proofText, deviceName, appVersion);
        throttle.forgive("enrol-address:" + address);
        return enrolled;
      } catch (Problem p) {
        if (p.type() != ProblemType.ENROLMENT_CODE_INVALID && p.type() != ProblemType.ENROLMENT_PROOF_INVALID) {
          throttle.forgive("enrol-address:" + address); // only wrong codes and proofs count as guesses
        }
        throw p;
      }
    });
  }

  private JsonObject enrolNow(String code, String publicKeyText, String proofText, String deviceName,
      String appVersion) {
    {
      String normalised;
      byte[] publicKey;
      byte[] proof;
      try {
        normalised = EnrolmentInvite.normalizeCode(code);
        publicKey = B64URL.decode(publicKeyText);
        proof = B64URL.decode(proofText);
      } catch (IllegalArgumentException e) {
        throw new Problem(ProblemType.ENROLMENT_CODE_INVALID, "The enrolment code is unknown, expired or used.");
      }
      if (publicKey.length != 32) {
        throw Problem.invalidField("publicKey", "must be a 32-byte Ed25519 public key in base64url");
      }
      try {
        FieldsyncCrypto.verifyEnrolmentProof(normalised, publicKey, proof);
      } catch (SealingException e) {
        throw new Problem(ProblemType.ENROLMENT_PROOF_INVALID, "The proof is not the device key's signature of the "
            + "enrolment message: the tablet must sign with the key it enrols.");
      }
      Instant now = clock.instant();
      SyncStore.Enrolment enrolment = store.claimEnrolment(Tokens.hash(normalised), now).orElseThrow(() ->
          new Problem(ProblemType.ENROLMENT_CODE_INVALID, "The enrolment code is unknown, expired or used: ask "
              + "your supervisor for a new one."));
      String token = DEVICE_TOKEN_PREFIX + Tokens.newToken();
      Device device = new Device("dev-" + UUID.randomUUID(), enrolment.surveyId(), enrolment.enumeratorId(),
          enrolment.enumerator(), publicKey, deviceName, appVersion, now, null);
      store.insertDevice(device, Tokens.hash(token));
      audit.record(enrolment.enumeratorId(), enrolment.enumerator(), "device.enrolled", "device", device.id(),
          Map.of("survey", device.surveyId(), "name", deviceName, "appVersion", appVersion));
      SurveyView survey = survey(device.surveyId());
      return new JsonObject().put("deviceId", device.id()).put("token", token)
          .put("enumerator", new JsonObject().put("id", device.enumeratorId()).put("username", device.enumerator()))
          .put("survey", new JsonObject().put("id", survey.id()).put("name", survey.name()))
          .put("serverSigningKey", published(keys.serverKey().published()))
          .put("surveyKey", published(keys.currentSurveyKey(survey.id())));
    }
  }

  public Future<JsonObject> revoke(Principal actor, String deviceId, String reason) {
    return blocking.run(() -> {
      Device device = store.device(deviceId).orElseThrow(() -> new Problem(ProblemType.DEVICE_NOT_FOUND,
          "There is no device '" + deviceId + "'."));
      if (actor.is(Role.SUPERVISOR) && !actor.is(Role.MANAGER) && !actor.is(Role.ADMIN)) {
        TeamView team = teamOf(device.surveyId(), device.enumeratorId()).orElse(null);
        if (team == null || !team.supervisor().id().equals(actor.userId())) {
          throw Problem.forbidden("A supervisor revokes only the tablets of their own teams' enumerators.");
        }
      }
      Device revoked = store.revokeDevice(deviceId, clock.instant(), actor.username(), reason).orElseThrow();
      if (device.revokedAt() == null) {
        audit.record(actor, "device.revoked", "device", deviceId, Map.of("reason", reason == null ? "" : reason));
      }
      return new JsonObject().put("deviceId", deviceId).put("revokedAt", Timestamps.format(revoked.revokedAt()));
    });
  }

  public Future<JsonArray> devices(Principal actor, String surveyId) {
    return blocking.run(() -> {
      survey(surveyId);
      JsonArray out = new JsonArray();
      for (Device d : store.devices(surveyId)) {
        out.add(new JsonObject().put("deviceId", d.id()).put("enumerator", d.enumerator()).put("name", d.name())
            .put("appVersion", d.appVersion()).put("createdAt", Timestamps.format(d.createdAt()))
            .put("revokedAt", d.revokedAt() == null ? null : Timestamps.format(d.revokedAt())));
      }
      return out;
    });
  }

  public Future<JsonObject> rotateKey(Principal actor, String surveyId) {
    return blocking.run(() -> {
      survey(surveyId);
      PublishedKey key = keys.rotate(surveyId);
      audit.record(actor, "survey-key.rotated", "survey", surveyId, Map.of("keyId", key.keyId()));
      return published(key);
    });
  }

  /** Resolves a device token; {@code device.revoked} for a revoked tablet, {@code auth.token-invalid} if unknown. */
  public Future<Principal> authenticateDevice(String token) {
    String tokenHash = Tokens.hash(token);
    Device recent = store.recentDeviceByTokenHash(tokenHash).orElse(null);
    if (recent != null) { // read a moment ago by this tablet's previous request: no worker, no round trip
      return Future.succeededFuture(principal(recent));
    }
    return blocking.run(() -> {
      Device d = store.deviceByTokenHash(tokenHash).orElseThrow(() -> new Problem(
          ProblemType.AUTH_TOKEN_INVALID, "The token is unknown, expired or revoked: log in again."));
      if (d.revokedAt() != null) {
        throw new Problem(ProblemType.DEVICE_REVOKED, "This tablet was revoked on " + d.revokedAt()
            + ": it can no longer sync. Ask your supervisor to enrol it again.");
      }
      return principal(d);
    });
  }

  private Principal principal(Device d) {
    authenticated.put(d.id(), d);
    return new Principal(d.enumeratorId(), d.enumerator(), EnumSet.of(Role.ENUMERATOR), d.id());
  }

  // ---- pull

  public Future<JsonObject> pull(Principal device, String cursor) {
    return blocking.run(() -> {
      Device d = device(device);
      onPull.accept(d.surveyId(), d.enumeratorId());
      Long after = decodeCursor(cursor, d.id());
      boolean snapshot = after == null;
      long snapshotCursor = snapshot ? changes.snapshotCursor(d.surveyId()) : 0; // before the state is read
      List<AssignmentView> mine = assignments.find(d.surveyId(), null, null, null, d.enumeratorId());
      JsonArray list = new JsonArray();
      long next;
      boolean more = false;
      if (snapshot) {
        next = snapshotCursor;
        for (AssignmentView a : mine) {
          list.add(assignmentAdded(a).put("seq", next));
        }
        for (String returned : interviews.pendingReturns(d.surveyId(), d.enumeratorId())) {
          list.add(new JsonObject(returned).put("seq", next)); // still waiting for its corrected revision
        }
      } else {
        ChangeLog.Page page = changes.read(d.surveyId(), d.enumeratorId(), after);
        page.changes().forEach(list::add);
        next = page.cursor();
        more = page.more();
      }
      Set<String> needed = new LinkedHashSet<>();
      JsonArray forms = new JsonArray();
      for (AssignmentView a : mine) {
        if (needed.add(a.formId() + "@" + a.formVersion())) {
          forms.add(new JsonObject().put("formId", a.formId()).put("version", a.formVersion())
              .put("sha256", questionnaires.sha256(a.formId(), a.formVersion())));
        }
      }
      return new JsonObject().put("cursor", encodeCursor(d.id(), next)).put("more", more).put("snapshot", snapshot)
          .put("changes", list).put("surveyKey", published(keys.currentSurveyKey(d.surveyId())))
          .put("serverSigningKey", published(keys.serverKey().published())).put("questionnaires", forms);
    }).compose(page -> durability.await().map(v -> page)); // what was read is durable before its cursor is handed out
  }

  /** The change announcing an assignment to its enumerator's tablet (protocol section 4.3). */
  public static JsonObject assignmentAdded(AssignmentView a) {
    JsonObject preload = new JsonObject().put("kind", a.kind()).put("stratum", a.stratum());
    JsonObject assignment = new JsonObject().put("assignmentId", a.id()).put("surveyId", a.surveyId())
        .put("eaId", a.eaId()).put("formId", a.formId()).put("formVersion", a.formVersion()).put("preload", preload);
    if (a.household() != null) {
      String id = a.household().householdId() == null || a.household().householdId().isEmpty()
          ? a.eaId() + "-" + a.household().line() : a.household().householdId();
      assignment.put("householdId", id).put("householdType", a.household().type());
      preload.put("listingLine", a.household().line()).put("group", a.household().group());
    }
    return new JsonObject().put("type", "assignment.added").put("assignment", assignment);
  }

  // ---- push

  /**
   * Takes one sealed interview revision; see the class comment for the order of checks. The checks, opening,
   * validation and receipt run on a worker thread; storing goes through the {@link UploadWriter}'s groups.
   */
  public Future<PushResult> push(Principal principal, String interviewId, int revision, byte[] body) {
    return blocking.run(() -> pushNow(principal, interviewId, revision, body)).compose(step -> {
      if (step.answer() != null) { // a replay of a stored revision: answered once that revision is surely durable
        return durability.await().map(v -> step.answer());
      }
      Envelope envelope = step.envelope();
      return writer.store(step.record(), step.assignment(), step.gps(), step.event()).compose(isNew -> isNew
          ? Future.succeededFuture(new PushResult(201, step.record().receipt()))
          : blocking.run(() -> replay(interviews.find(interviewId, revision).orElseThrow(), envelope))
              .compose(r -> durability.await().map(v -> r)));
    });
  }

  /** Either the answer already (a replay), or what to store for a new revision. */
  private record Step(PushResult answer, Envelope envelope, StoredInterview record, AssignmentView assignment,
      double[] gps, org.fieldsync.server.audit.AuditEvent event) {}

  private Step pushNow(Principal principal, String interviewId, int revision, byte[] body) {
    Envelope envelope;
    try {
      envelope = Envelope.parse(body);
    } catch (SealingException e) {
      throw new Problem(ProblemType.UPLOAD_ENVELOPE_INVALID, "The body is not a fieldsync.envelope/1 envelope in "
          + "canonical form: " + e.getMessage());
    }
    Device device = device(principal);
    UploadContext upload = new UploadContext(interviewId, revision, device.id(), device.publicKey());
    try {
      FieldsyncCrypto.authenticate(envelope, upload);
    } catch (SealingException e) {
      throw sealingProblem(e);
    }
    EnvelopeHeader h = envelope.header();
    if (!device.enumeratorId().equals(h.enumeratorId())) {
      throw headerMismatch("enumeratorId", "the header names another enumerator than this tablet's");
    }
    if (!device.surveyId().equals(h.surveyId())) {
      throw headerMismatch("surveyId", "the header names another survey than this tablet's");
    }
    // Revision 1 needs no lookup: its insert is unique, and a duplicate is answered by the replay rule below.
    if (revision > 1) {
      var stored = interviews.find(interviewId, revision);
      if (stored.isPresent()) {
        return new Step(replay(stored.get(), envelope), envelope, null, null, null, null);
      }
      Integer returned = interviews.returnedRevision(interviewId).orElse(null);
      StoredInterview previous = interviews.find(interviewId, revision - 1).orElse(null);
      if (previous != null && (!previous.enumeratorId().equals(device.enumeratorId())
          || !previous.surveyId().equals(device.surveyId()))) {
        throw headerMismatch("interviewId", "the interview's earlier revision is another enumerator's");
      }
      if (returned == null || returned != revision - 1 || previous == null) {
        throw new Problem(ProblemType.UPLOAD_STALE_REVISION, "Revision " + revision + " of interview "
            + interviewId + " is not expected: a new revision is accepted only after a supervisor sent the "
            + "previous one back.", new JsonObject().put("latestRevision", previous == null ? null : revision - 1)
                .put("returnedRevision", returned));
      }
    }
    AssignmentView a = null;
    if (h.assignmentId() != null) {
      a = assignments.findById(h.assignmentId()).orElse(null);
      if (a == null || !device.enumeratorId().equals(a.enumeratorId()) || !device.surveyId().equals(a.surveyId())) {
        // a retry of a revision stored while the assignment was still the enumerator's gets its receipt
        var stored = interviews.find(interviewId, revision);
        if (stored.isPresent()) {
          return new Step(replay(stored.get(), envelope), envelope, null, null, null, null);
        }
        throw new Problem(ProblemType.UPLOAD_ASSIGNMENT_NOT_YOURS, "Assignment '" + h.assignmentId()
            + "' is not an assignment of this tablet's enumerator.");
      }
    }
    SurveyKeyPair key = keys.surveyKey(device.surveyId(), h.surveyKeyId()).orElseThrow(() -> new Problem(
        ProblemType.UPLOAD_SURVEY_KEY_UNKNOWN, "The envelope is sealed to key '" + h.surveyKeyId() + "', which is "
            + "not a key of survey '" + device.surveyId() + "': pull to get the current key and seal again."));
    OpenedEnvelope opened;
    try {
      opened = FieldsyncCrypto.decryptAuthenticated(envelope, key, FieldsyncCrypto.DEFAULT_MAX_ANSWERS_BYTES);
    } catch (SealingException e) {
      throw sealingProblem(e);
    }
    JsonNode answers = parseAnswers(opened.answers());
    List<ValidationError> errors = validate(h, answers);
    ReceiptStatus status = errors.isEmpty() ? ReceiptStatus.ACCEPTED : ReceiptStatus.QUARANTINED;
    Instant receivedAt = Timestamps.truncate(clock.instant());
    SyncKeys.ServerKey serverKey = keys.serverKey();
    Receipt receipt = FieldsyncCrypto.signReceipt(envelope, receivedAt, status, errors, serverKey.pair(),
        serverKey.keyId());
    StoredInterview record = new StoredInterview(interviewId, revision, h.surveyId(), h.formId(), h.formVersion(),
        h.assignmentId(), h.householdId(), h.eaId(), h.deviceId(), h.enumeratorId(), h.disposition(),
        h.householdTypeFound(), h.startedAt(), h.endedAt(), h.surveyKeyId(), body, envelope.sha256(), receivedAt,
        status == ReceiptStatus.ACCEPTED ? "accepted" : "quarantined",
        errors.stream().map(e -> new StoredInterview.Error(e.code(), e.message(), e.pointer())).toList(),
        receipt.toByteArray(), AnswersAtRest.seal(key, interviewId, revision, opened.compressedAnswers()));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("revision", revision);
    details.put("status", record.status());
    details.put("errors", errors.size());
    details.put("device", device.id());
    return new Step(null, envelope, record, a, gps(answers), audit.event(principal.userId(), principal.username(),
        "interview.received", "interview", interviewId, details));
  }

  /** The dwelling's GPS point ({@code /gps/lat}, {@code /gps/lon}) from the answers, if there is one. */
  private static double[] gps(JsonNode answers) {
    JsonNode gps = answers == null ? null : answers.path("gps");
    if (gps != null && gps.path("lat").isNumber() && gps.path("lon").isNumber()) {
      return new double[] {gps.path("lat").asDouble(), gps.path("lon").asDouble()};
    }
    return null;
  }

  private static PushResult replay(StoredInterview stored, Envelope envelope) {
    if (stored.envelopeSha256().equals(envelope.sha256())) {
      return new PushResult(200, stored.receipt());
    }
    throw new Problem(ProblemType.UPLOAD_REVISION_CONFLICT, "Revision " + stored.revision() + " of interview "
        + stored.interviewId() + " was received before with other content; a received revision never changes.",
        new JsonObject().put("interviewId", stored.interviewId()).put("revision", stored.revision())
            .put("storedSha256", stored.envelopeSha256()).put("yourSha256", envelope.sha256()));
  }

  /** The answers parsed once for validation and the GPS check; null if they are not JSON. */
  private static JsonNode parseAnswers(byte[] answers) {
    try {
      return Questionnaire.parseAnswers(answers);
    } catch (FormsException e) {
      return null;
    }
  }

  /** Validation errors of authentic answers (null: not JSON): they quarantine the interview, never refuse it. */
  private List<ValidationError> validate(EnvelopeHeader h, JsonNode answers) {
    List<ValidationError> errors = new ArrayList<>();
    if (!h.attachments().isEmpty()) {
      errors.add(new ValidationError("attachments.unsupported", "This server does not take attachments yet; the "
          + "interview is kept for review.", ""));
    }
    Questionnaire q;
    try {
      q = questionnaires.questionnaire(h.formId(), h.formVersion());
    } catch (Problem p) {
      errors.add(new ValidationError("questionnaire.unknown", "Questionnaire " + h.formId() + " version "
          + h.formVersion() + " is not published on this server.", ""));
      return errors;
    }
    if (answers == null) {
      errors.add(new ValidationError("answers.not-json", "The answers are not a JSON document.", ""));
      return errors;
    }
    for (AnswerError e : q.validate(answers, null).errors()) {
      String message = e.label().isEmpty() ? e.message() : e.label() + ": " + e.message();
      errors.add(new ValidationError("answer." + e.keyword(), message, e.pointer()));
    }
    return errors;
  }

  // ---- helpers

  private Device device(Principal principal) {
    Device d = authenticated.get(principal.deviceId());
    return d != null ? d : store.device(principal.deviceId()).orElseThrow();
  }

  private SurveyView survey(String id) {
    return surveys.findSurvey(id).orElseThrow(() -> new Problem(ProblemType.SURVEY_NOT_FOUND,
        "There is no survey with id '" + id + "'."));
  }

  private java.util.Optional<TeamView> teamOf(String surveyId, String userId) {
    return surveys.listTeams(surveyId).stream()
        .filter(t -> t.enumerators().stream().anyMatch(m -> m.id().equals(userId))).findFirst();
  }

  private static void requireSupervisorScope(Principal actor, TeamView team, String what) {
    if (actor.is(Role.ADMIN) || actor.is(Role.MANAGER)) {
      return;
    }
    if (!team.supervisor().id().equals(actor.userId())) {
      throw Problem.forbidden("A supervisor may " + what + " the enumerators of their own teams only.");
    }
  }

  private static JsonObject published(PublishedKey key) {
    return new JsonObject().put("keyId", key.keyId())
        .put("publicKey", Base64.getUrlEncoder().withoutPadding().encodeToString(key.publicKey()));
  }

  static String encodeCursor(String deviceId, long seq) {
    String json = new JsonObject().put("v", 1).put("d", deviceId).put("s", seq).encode();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The sequence number in a cursor of this device, or null (start a snapshot). */
  static Long decodeCursor(String cursor, String deviceId) {
    if (cursor == null || cursor.isEmpty() || cursor.length() > 512) {
      return null;
    }
    try {
      JsonObject c = new JsonObject(new String(B64URL.decode(cursor), StandardCharsets.UTF_8));
      if (c.getInteger("v", 0) != 1 || !deviceId.equals(c.getString("d"))) {
        return null;
      }
      Long s = c.getLong("s");
      return s == null || s < 0 ? null : s;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Problem headerMismatch(String field, String why) {
    return new Problem(ProblemType.UPLOAD_HEADER_MISMATCH, "The envelope header's " + field + " does not match: "
        + why + ".", new JsonObject().put("field", field));
  }

  private static Problem sealingProblem(SealingException e) {
    return switch (e.code()) {
      case SIGNATURE_INVALID -> new Problem(ProblemType.UPLOAD_SIGNATURE_INVALID, "The envelope's signature does not "
          + "verify with this tablet's enrolled key.");
      case HEADER_MISMATCH -> headerMismatch(e.field(), "the envelope was sealed for another interview, revision "
          + "or device");
      case SURVEY_KEY_MISMATCH -> new Problem(ProblemType.UPLOAD_SURVEY_KEY_UNKNOWN, e.getMessage());
      case HEADER_TAMPERED, CIPHERTEXT_TAMPERED, ANSWERS_INVALID -> new Problem(ProblemType.UPLOAD_DECRYPT_FAILED,
          "The envelope cannot be opened: " + e.getMessage(), new JsonObject().put("reason",
              e.code().name().toLowerCase().replace('_', '-')));
      case ANSWERS_TOO_LARGE -> new Problem(ProblemType.UPLOAD_TOO_LARGE, e.getMessage());
      default -> new Problem(ProblemType.UPLOAD_ENVELOPE_INVALID, e.getMessage());
    };
  }
}
