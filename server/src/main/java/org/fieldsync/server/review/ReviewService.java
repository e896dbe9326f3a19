package org.fieldsync.server.review;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fieldsync.client.Envelope;
import org.fieldsync.client.FieldsyncCrypto;
import org.fieldsync.client.SurveyKeyPair;
import org.fieldsync.client.Timestamps;
import org.fieldsync.server.account.Principal;
import org.fieldsync.server.account.Role;
import org.fieldsync.server.audit.AuditLog;
import org.fieldsync.server.http.Problem;
import org.fieldsync.server.http.ProblemType;
import org.fieldsync.server.interview.InterviewStore;
import org.fieldsync.server.interview.StoredInterview;
import org.fieldsync.server.store.Blocking;
import org.fieldsync.server.survey.SurveyStore;
import org.fieldsync.server.survey.TeamView;
import org.fieldsync.server.sync.ChangeLog;
import org.fieldsync.server.sync.SyncStore;
import org.fieldsync.server.sync.SyncKeys;
import org.fieldsync.server.monitoring.CoverageService;
import org.fieldsync.server.monitoring.HouseholdState;
import org.fieldsync.server.monitoring.ReviewState;
import org.fieldsync.server.questionnaire.QuestionnaireService;
import org.fieldsync.server.store.Durability;

/**
 * Review of received interviews: opening one (decrypted in memory, labelled), approving it (a supervisor, then a
 * survey manager), or rejecting it — sending it back to its tablet for correction. The return is recorded (so the tablet's next revision is
 * accepted, once) and announced on the enumerator's sync feed as {@code interview.returned} with the comments and
 * the returned answers, opened in memory from the stored envelope for a tablet that no longer has them.
 */
public final class ReviewService {
  private final InterviewStore interviews;
  private final SyncStore devices;
  private final SyncKeys keys;
  private final ChangeLog changes;
  private final SurveyStore surveys;
  private final AuditLog audit;
  private final Blocking blocking;
  private final Clock clock;

  /** A supervisor's comment on an answer ({@code pointer} into the answers, "" for the whole interview). */
  public record Comment(String pointer, String text) {}

  private final CoverageService coverage;
  private final QuestionnaireService questionnaires;
  private final Durability durability;

  public ReviewService(InterviewStore interviews, SyncStore devices, SyncKeys keys, ChangeLog changes,
      SurveyStore surveys, AuditLog audit, Blocking blocking, Clock clock, CoverageService coverage,
      QuestionnaireService questionnaires, Durability durability) {
    this.coverage = coverage;
    this.questionnaires = questionnaires;
    this.durability = durability;
    this.interviews = interviews;
    this.devices = devices;
    this.keys = keys;
    this.changes = changes;
    this.surveys = surveys;
    this.audit = audit;
    this.blocking = blocking;
    this.clock = clock;
  }

  /** Returns the latest revision of an interview to its enumerator; a supervisor only for their own teams. */
  public Future<JsonObject> sendBack(Principal actor, String surveyId, String interviewId, int revision,
      List<Comment> comments) {
    return blocking.run(() -> {
      StoredInterview stored = latest(surveyId, interviewId, revision);
      checkTeam(actor, surveyId, stored.enumeratorId());
      return returnNow(actor, stored, comments);
    });
  }

  private JsonObject returnNow(Principal actor, StoredInterview stored, List<Comment> comments) {
    String surveyId = stored.surveyId();
    String interviewId = stored.interviewId();
    int revision = stored.revision();
    Instant now = clock.instant();
    JsonArray notes = new JsonArray();
    for (Comment c : comments) {
      notes.add(new JsonObject().put("pointer", c.pointer()).put("text", c.text()).put("author", actor.username())
          .put("at", Timestamps.format(now)));
    }
    JsonObject change = new JsonObject().put("type", "interview.returned").put("interviewId", interviewId)
        .put("revision", revision).put("assignmentId", stored.assignmentId()).put("formId", stored.formId())
        .put("formVersion", stored.formVersion()).put("returnedAt", Timestamps.format(now))
        .put("returnedBy", actor.username()).put("comments", notes).put("answers", answers(stored));
    changes.append(surveyId, List.of(new ChangeLog.Entry(stored.enumeratorId(), change)));
    interviews.markReturned(interviewId, revision, surveyId, stored.enumeratorId(), change.encode());
    String text = comments.stream().map(c -> c.pointer().isEmpty() ? c.text() : c.pointer() + ": " + c.text())
        .reduce((a, b) -> a + "\n" + b).orElse("");
    interviews.setReview(interviewId, revision, ReviewState.REJECTED.wire(), actor.username(), now, text);
    coverage.reviewed(stored.assignmentId(), interviewId, revision, ReviewState.REJECTED);
    audit.record(actor, "interview.rejected", "interview", interviewId, Map.of("revision", revision,
        "comments", comments.size(), "comment", text, "level", level(actor)));
    return new JsonObject().put("interviewId", interviewId).put("revision", revision)
        .put("returnedAt", Timestamps.format(now)).put("comments", notes)
        .put("review", ReviewState.REJECTED.wire()).put("decidedAt", Timestamps.format(now))
        .put("decidedBy", actor.username());
  }

  /** A revision that exists in the survey and is the latest of its interview. */
  private StoredInterview latest(String surveyId, String interviewId, int revision) {
    StoredInterview stored = interviews.find(interviewId, revision).filter(i -> i.surveyId().equals(surveyId))
        .orElseThrow(() -> new Problem(ProblemType.INTERVIEW_NOT_FOUND, "Survey '" + surveyId + "' has no "
            + "revision " + revision + " of interview " + interviewId + "."));
    if (interviews.exists(interviewId, revision + 1)) {
      throw new Problem(ProblemType.INTERVIEW_NOT_LATEST, "Revision " + revision + " was already corrected by "
          + "revision " + (revision + 1) + ": review that one.");
    }
    return stored;
  }

  /** A supervisor acts only on the interviews of their own teams; managers and admins on all. */
  private void checkTeam(Principal actor, String surveyId, String enumeratorId) {
    if (actor.is(Role.ADMIN) || actor.is(Role.MANAGER)) {
      return;
    }
    TeamView team = surveys.listTeams(surveyId).stream()
        .filter(t -> t.enumerators().stream().anyMatch(m -> m.id().equals(enumeratorId)))
        .findFirst().orElse(null);
    if (team == null || !team.supervisor().id().equals(actor.userId())) {
      throw Problem.forbidden("A supervisor reviews only the interviews of their own teams.");
    }
  }

  private static String level(Principal actor) {
    return actor.is(Role.ADMIN) || actor.is(Role.MANAGER) ? "manager" : "supervisor";
  }

  /** A review decision: {@code approve} or {@code reject} (with a comment: the interview goes back to the tablet). */
  public Future<JsonObject> decide(Principal actor, String surveyId, String interviewId, int revision,
      String decision, String comment) {
    return blocking.run(() -> decideNow(actor, surveyId, interviewId, revision, decision, comment))
        .compose(r -> durability.await().map(v -> r));
  }

  private JsonObject decideNow(Principal actor, String surveyId, String interviewId, int revision, String decision,
      String comment) {
    StoredInterview stored = latest(surveyId, interviewId, revision);
    checkTeam(actor, surveyId, stored.enumeratorId());
    ReviewState current = interviews.review(interviewId, revision).map(ReviewState::fromWire)
        .orElse(ReviewState.initial(stored.status()));
    boolean manager = "manager".equals(level(actor));
    if ("reject".equals(decision)) {
      if (current == ReviewState.REJECTED || (!manager && current == ReviewState.APPROVED_BY_MANAGER)) {
        throw stateConflict(interviewId, revision, current, manager ? "It was rejected already."
            : "A survey manager approved it; only a manager can send it back now.");
      }
      return returnNow(actor, stored, List.of(new Comment("", comment)));
    }
    if (current == ReviewState.QUARANTINED) {
      throw new Problem(ProblemType.REVIEW_QUARANTINED, "Revision " + revision + " of interview " + interviewId
          + " failed validation (quarantined): reject it with a comment so the enumerator corrects it.");
    }
    ReviewState next;
    if (manager && (current == ReviewState.PENDING_REVIEW || current == ReviewState.APPROVED_BY_SUPERVISOR)) {
      next = ReviewState.APPROVED_BY_MANAGER;
    } else if (!manager && current == ReviewState.PENDING_REVIEW) {
      next = ReviewState.APPROVED_BY_SUPERVISOR;
    } else {
      throw stateConflict(interviewId, revision, current, manager ? "It cannot be approved again."
          : "A supervisor approves interviews pending review only.");
    }
    Instant now = clock.instant();
    interviews.setReview(interviewId, revision, next.wire(), actor.username(), now, comment);
    coverage.reviewed(stored.assignmentId(), interviewId, revision, next);
    java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("revision", revision);
    details.put("level", level(actor));
    details.put("review", next.wire());
    if (comment != null) {
      details.put("comment", comment);
    }
    audit.record(actor, "interview.approved", "interview", interviewId, details);
    return new JsonObject().put("interviewId", interviewId).put("revision", revision).put("review", next.wire())
        .put("decidedAt", Timestamps.format(now)).put("decidedBy", actor.username());
  }

  private static Problem stateConflict(String interviewId, int revision, ReviewState current, String why) {
    return new Problem(ProblemType.REVIEW_STATE_CONFLICT, "Revision " + revision + " of interview " + interviewId
        + " is " + current.wire() + ". " + why, new JsonObject().put("review", current.wire()));
  }

  /** One interview of a bulk decision. */
  public record Item(String interviewId, int revision) {}

  /** Approves a selection; each item succeeds or is refused on its own (with the refusal's code and message). */
  public Future<JsonObject> bulk(Principal actor, String surveyId, String decision, String comment,
      List<Item> items) {
    return blocking.run(() -> {
      JsonArray results = new JsonArray();
      for (Item item : items) {
        JsonObject r = new JsonObject().put("interviewId", item.interviewId()).put("revision", item.revision());
        try {
          JsonObject done = decideNow(actor, surveyId, item.interviewId(), item.revision(), decision, comment);
          r.put("outcome", "approve".equals(decision) ? "approved" : "rejected").put("review", done.getString("review"))
              .putNull("code").putNull("message");
        } catch (Problem p) {
          r.put("outcome", "refused").putNull("review").put("code", p.type().code()).put("message", p.getMessage());
        }
        results.add(r);
      }
      return new JsonObject().put("results", results);
    }).compose(r -> durability.await().map(v -> r));
  }

  /**
   * One interview for review: its latest revision decrypted in memory, answers with question labels in the
   * language asked, validation errors on the answers they concern, and its review history from the audit log.
   */
  public Future<JsonObject> detail(Principal actor, String surveyId, String interviewId, String lang) {
    return blocking.run(() -> {
      StoredInterview stored = null;
      int latest = 0;
      while (interviews.exists(interviewId, latest + 1)) {
        latest++;
      }
      if (latest > 0) {
        stored = interviews.find(interviewId, latest).orElse(null);
      }
      if (stored == null || !stored.surveyId().equals(surveyId)) {
        throw new Problem(ProblemType.INTERVIEW_NOT_FOUND, "Survey '" + surveyId + "' has no interview "
            + interviewId + ".");
      }
      checkTeam(actor, surveyId, stored.enumeratorId());
      ReviewState review = interviews.review(interviewId, stored.revision()).map(ReviewState::fromWire)
          .orElse(ReviewState.initial(stored.status()));
      HouseholdState household = coverage.household(stored.assignmentId());
      byte[] raw = answerBytes(stored);
      Object answers = decode(raw);
      org.fieldsync.forms.Questionnaire q = null;
      try {
        q = questionnaires.questionnaire(stored.formId(), stored.formVersion());
      } catch (Problem p) {
        // an unknown questionnaire version: answers are shown without labels
      }
      JsonArray errors = new JsonArray();
      java.util.Map<String, String> errorAt = new java.util.HashMap<>();
      List<org.fieldsync.forms.AnswerError> found = List.of();
      if (q != null && answers != null) {
        try {
          found = q.validate(raw, lang).errors();
        } catch (org.fieldsync.forms.FormsException e) {
          answers = null; // JSON with a repeated member: quarantined, shown with its stored errors
        }
      }
      if (q != null && answers != null) {
        for (org.fieldsync.forms.AnswerError e : found) {
          String message = e.label().isEmpty() ? e.message() : e.label() + ": " + e.message();
          errors.add(new JsonObject().put("code", e.keyword()).put("message", message).put("pointer", e.pointer()));
          errorAt.merge(e.pointer(), message, (a, b) -> a + "; " + b);
        }
      } else {
        stored.errors().forEach(e -> errors.add(new JsonObject().put("code", e.code()).put("message", e.message())
            .put("pointer", e.pointer())));
      }
      JsonArray rows = new JsonArray();
      AnswerRows.flatten(q, lang, answers, "", rows, errorAt);
      JsonArray history = new JsonArray();
      audit.store().find(new org.fieldsync.server.audit.AuditQuery(null, null, "interview", interviewId, null, null,
          null, 200)).stream().sorted(java.util.Comparator.comparing(org.fieldsync.server.audit.AuditEvent::at))
          .forEach(e -> history.add(new JsonObject().put("revision", e.details().get("revision"))
              .put("action", e.action()).put("by", e.actorName()).put("at", Timestamps.format(e.at()))
              .put("comment", e.details().get("comment"))));
      Long minutes = stored.startedAt() == null || stored.endedAt() == null ? null
          : java.time.Duration.between(stored.startedAt(), stored.endedAt()).toMinutes();
      return new JsonObject().put("interviewId", interviewId).put("revision", stored.revision())
          .put("surveyId", surveyId).put("formId", stored.formId()).put("formVersion", stored.formVersion())
          .put("assignmentId", stored.assignmentId()).put("householdId", stored.householdId())
          .put("eaId", stored.eaId()).put("stratum", household == null ? null : household.stratum())
          .put("teamId", household == null ? null : household.teamId()).put("enumeratorId", stored.enumeratorId())
          .put("enumerator", enumeratorName(surveyId, stored.enumeratorId()))
          .put("disposition", stored.disposition()).put("type", household == null ? null : household.type())
          .put("typeFound", stored.householdTypeFound())
          .put("startedAt", stored.startedAt() == null ? null : Timestamps.format(stored.startedAt()))
          .put("endedAt", stored.endedAt() == null ? null : Timestamps.format(stored.endedAt()))
          .put("receivedAt", Timestamps.format(stored.receivedAt())).put("durationMinutes", minutes)
          .put("status", stored.status()).put("review", review.wire()).put("errors", errors).put("answers", rows)
          .put("history", history);
    });
  }

  private String enumeratorName(String surveyId, String enumeratorId) {
    return surveys.listTeams(surveyId).stream().flatMap(t -> t.enumerators().stream())
        .filter(m -> m.id().equals(enumeratorId)).map(TeamView.Member::username).findFirst().orElse(null);
  }

  /** The stored revision's answers, opened in memory (null if the device or key is gone). */
  private Object answers(StoredInterview stored) {
    return decode(answerBytes(stored));
  }

  /** The stored revision's answer bytes, opened in memory (null if the device or key is gone). */
  private byte[] answerBytes(StoredInterview stored) {
    var device = devices.device(stored.deviceId()).orElse(null);
    SurveyKeyPair key = keys.surveyKey(stored.surveyId(), stored.surveyKeyId()).orElse(null);
    if (device == null || key == null) {
      return null;
    }
    return FieldsyncCrypto.open(Envelope.parse(stored.envelope()), device.publicKey(), key,
        FieldsyncCrypto.DEFAULT_MAX_ANSWERS_BYTES).answers();
  }

  private static Object decode(byte[] answers) {
    if (answers == null) {
      return null;
    }
    try {
      return io.vertx.core.json.Json.decodeValue(new String(answers, StandardCharsets.UTF_8));
    } catch (io.vertx.core.json.DecodeException e) {
      return null; // quarantined as answers.not-json: the tablet still has what it sent
    }
  }
}
