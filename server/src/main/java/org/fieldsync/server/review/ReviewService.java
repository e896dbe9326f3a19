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

/**
 * Sending an interview back to its tablet for correction. The return is recorded (so the tablet's next revision is
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

  public ReviewService(InterviewStore interviews, SyncStore devices, SyncKeys keys, ChangeLog changes,
      SurveyStore surveys, AuditLog audit, Blocking blocking, Clock clock) {
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
      StoredInterview stored = interviews.find(interviewId, revision).filter(i -> i.surveyId().equals(surveyId))
          .orElseThrow(() -> new Problem(ProblemType.INTERVIEW_NOT_FOUND, "Survey '" + surveyId + "' has no "
              + "revision " + revision + " of interview " + interviewId + "."));
      if (interviews.exists(interviewId, revision + 1)) {
        throw new Problem(ProblemType.INTERVIEW_NOT_LATEST, "Revision " + revision + " was already corrected by "
            + "revision " + (revision + 1) + ": review that one.");
      }
      if (!actor.is(Role.ADMIN) && !actor.is(Role.MANAGER)) {
        TeamView team = surveys.listTeams(surveyId).stream()
            .filter(t -> t.enumerators().stream().anyMatch(m -> m.id().equals(stored.enumeratorId())))
            .findFirst().orElse(null);
        if (team == null || !team.supervisor().id().equals(actor.userId())) {
          throw Problem.forbidden("A supervisor sends back only the interviews of their own teams.");
        }
      }
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
      audit.record(actor, "interview.returned", "interview", interviewId, Map.of("revision", revision,
          "comments", comments.size()));
      return new JsonObject().put("interviewId", interviewId).put("revision", revision)
          .put("returnedAt", Timestamps.format(now)).put("comments", notes);
    });
  }

  /** The stored revision's answers, opened in memory (null if the device or key is gone). */
  private Object answers(StoredInterview stored) {
    var device = devices.device(stored.deviceId()).orElse(null);
    SurveyKeyPair key = keys.surveyKey(stored.surveyId(), stored.surveyKeyId()).orElse(null);
    if (device == null || key == null) {
      return null;
    }
    byte[] answers = FieldsyncCrypto.open(Envelope.parse(stored.envelope()), device.publicKey(), key,
        FieldsyncCrypto.DEFAULT_MAX_ANSWERS_BYTES).answers();
    try {
      return io.vertx.core.json.Json.decodeValue(new String(answers, StandardCharsets.UTF_8));
    } catch (io.vertx.core.json.DecodeException e) {
      return null; // quarantined as answers.not-json: the tablet still has what it sent
    }
  }
}
