package org.fieldsync.server.questionnaire;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fieldsync.forms.Diff;
import org.fieldsync.forms.DiffEntry;
import org.fieldsync.forms.FormsException;
import org.fieldsync.forms.LintProblem;
import org.fieldsync.forms.Questionnaire;
import org.fieldsync.forms.QuestionnaireDiff;
import org.fieldsync.forms.ValidationResult;
import org.fieldsync.server.account.Principal;
import org.fieldsync.server.audit.AuditLog;
import org.fieldsync.server.http.Problem;
import org.fieldsync.server.http.ProblemType;
import org.fieldsync.server.store.Blocking;

/**
 * Publishing, retiring, downloading and validating against questionnaire versions.
 *
 * <p>A published version is immutable and identified by the SHA-256 of its canonical JSON. Publishing is idempotent:
 * the same content again returns the existing version; other content under an existing (id, version) is refused.
 * The unique index on (id, version) settles races between server instances: whoever inserts second re-reads and
 * gets the same answer as if it had come later.
 */
public final class QuestionnaireService {
  private final QuestionnaireStore store;
  private final AuditLog audit;
  private final Blocking blocking;
  private final Clock clock;
  /** Parsed versions by content hash. A pure cache: versions never change, so it can never be stale. */
  private final Map<String, Questionnaire> parsed = new ConcurrentHashMap<>();
  /** The same by {@code formId@version}: a published version never changes, so this cannot be stale either. */
  private final Map<String, Questionnaire> byVersion = new ConcurrentHashMap<>();

  public QuestionnaireService(QuestionnaireStore store, AuditLog audit, Blocking blocking, Clock clock) {
    this.store = store;
    this.audit = audit;
    this.blocking = blocking;
    this.clock = clock;
  }

  public Future<PublishResult> publish(Principal actor, byte[] document) {
    return blocking.run(() -> publishNow(actor, document));
  }

  /** The blocking body of {@link #publish}, for the demo. */
  public PublishResult publishNow(Principal actor, byte[] document) {
    Questionnaire q = parse(document);
    String content = new String(q.canonicalJson(), StandardCharsets.UTF_8);
    for (int attempt = 0; attempt < 2; attempt++) {
      var existing = store.find(q.formId(), q.version());
      if (existing.isPresent()) {
        QuestionnaireVersionView v = existing.get().view();
        if (!v.sha256().equals(q.sha256())) {
          throw new Problem(ProblemType.QUESTIONNAIRE_VERSION_CONFLICT, "Version " + q.version() + " of '"
              + q.formId() + "' is already published with different content. A published version never changes: "
              + "publish your changes as version " + (q.version() + 1) + " or higher.",
              new JsonObject().put("formId", q.formId()).put("version", q.version())
                  .put("publishedSha256", v.sha256()).put("yourSha256", q.sha256()));
        }
        return new PublishResult(v, false, diffAgainstPrevious(q));
      }
      QuestionnaireVersionView view = new QuestionnaireVersionView(q.formId(), q.version(), q.sha256(), q.title(),
          q.kind(), clock.instant(), actor.username(), false, null);
      if (store.insert(new StoredQuestionnaire(view, content))) {
        parsed.put(q.sha256(), q);
        PublishResult result = new PublishResult(view, true, diffAgainstPrevious(q));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("formId", q.formId());
        details.put("version", q.version());
        details.put("sha256", q.sha256());
        if (result.diff() != null) {
          details.put("added", result.diff().added().size());
          details.put("removed", result.diff().removed().size());
          details.put("changed", result.diff().changed().size());
        }
        audit.record(actor, "questionnaire.published", "questionnaire", q.formId() + "@" + q.version(), details);
        return result;
      }
      // Another instance inserted the same (id, version) in between: compare with what it stored.
    }
    throw new IllegalStateException("questionnaire " + q.formId() + "@" + q.version() + " vanished after insert");
  }

  public Future<List<QuestionnaireVersionView>> list(String formId) {
    return blocking.run(() -> store.list(formId));
  }

  /** Every published version of a questionnaire (retired ones too), blocking. */
  public List<QuestionnaireVersionView> listNow(String formId) {
    return store.list(formId);
  }

  /**
   * The highest version of a questionnaire that is not retired: the one new assignments use. Blocking.
   */
  public java.util.Optional<QuestionnaireVersionView> latestActive(String formId) {
    return store.list(formId).stream().filter(v -> !v.retired())
        .max(java.util.Comparator.comparingInt(QuestionnaireVersionView::version));
  }

  /** The content hash of a published version (blocking); {@code questionnaire.not-found} if there is none. */
  public String sha256(String formId, int version) {
    return stored(formId, version).view().sha256();
  }

  /** The stored document (canonical JSON) and its view, for download with a strong ETag. */
  public Future<StoredQuestionnaire> document(String formId, int version) {
    return blocking.run(() -> stored(formId, version));
  }

  public Future<QuestionnaireVersionView> retire(Principal actor, String formId, int version) {
    return blocking.run(() -> {
      QuestionnaireVersionView before = stored(formId, version).view();
      QuestionnaireVersionView after = store.retire(formId, version, clock.instant(), actor.username())
          .orElseThrow(() -> notFound(formId, version));
      if (!before.retired()) {
        audit.record(actor, "questionnaire.retired", "questionnaire", formId + "@" + version, Map.of());
      }
      return after;
    });
  }

  /** Validates interview answers against a version, also a retired one: interviews started on it stay valid. */
  public Future<ValidationView> validate(String formId, int version, byte[] answers, String language) {
    return blocking.run(() -> {
      Questionnaire q = questionnaire(formId, version);
      ValidationResult result;
      try {
        result = q.validate(answers, language);
      } catch (FormsException e) {
        throw new Problem(ProblemType.INTERVIEW_NOT_JSON, "The interview is not a JSON document: " + e.getMessage());
      }
      String lang = language != null && q.languages().contains(language) ? language : q.languages().get(0);
      return new ValidationView(formId, version, lang, result.valid(), result.errors().stream()
          .map(e -> new ValidationView.Error(e.pointer(), e.question(), e.label(), e.keyword(), e.message()))
          .toList());
    });
  }

  /** What changed from version {@code from} to {@code version}. */
  public Future<PublishResult.DiffView> diff(String formId, int version, int from) {
    return blocking.run(() -> view(QuestionnaireDiff.between(questionnaire(formId, from),
        questionnaire(formId, version))));
  }

  /** The parsed questionnaire of a published version (from the cache when possible). */
  public Questionnaire questionnaire(String formId, int version) {
    Questionnaire known = byVersion.get(formId + "@" + version);
    if (known != null) {
      return known;
    }
    StoredQuestionnaire s = stored(formId, version);
    Questionnaire q = parsed.computeIfAbsent(s.view().sha256(),
        sha -> Questionnaire.parse(s.content().getBytes(StandardCharsets.UTF_8)));
    byVersion.put(formId + "@" + version, q);
    return q;
  }

  private PublishResult.DiffView diffAgainstPrevious(Questionnaire q) {
    return store.previous(q.formId(), q.version())
        .map(prev -> view(QuestionnaireDiff.between(questionnaire(q.formId(), prev.view().version()), q)))
        .orElse(null);
  }

  private StoredQuestionnaire stored(String formId, int version) {
    return store.find(formId, version).orElseThrow(() -> notFound(formId, version));
  }

  private static Questionnaire parse(byte[] document) {
    try {
      return Questionnaire.parse(document);
    } catch (FormsException e) {
      JsonArray problems = new JsonArray();
      for (LintProblem p : e.problems()) {
        problems.add(new JsonObject().put("pointer", p.pointer()).put("code", p.code()).put("message", p.message()));
      }
      String message = e.code() == FormsException.Code.NOT_JSON
          ? "The questionnaire is not a JSON document: " + e.getMessage()
          : "The questionnaire has " + e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s")
              + "; fix them and publish again (details.problems lists each with its JSON pointer).";
      throw new Problem(ProblemType.QUESTIONNAIRE_INVALID, message, new JsonObject().put("problems", problems));
    }
  }

  private static PublishResult.DiffView view(Diff d) {
    return new PublishResult.DiffView(d.fromVersion(), d.toVersion(), entries(d.added()), entries(d.removed()),
        entries(d.changed()));
  }

  private static List<PublishResult.Entry> entries(List<DiffEntry> entries) {
    return entries.stream().map(e -> new PublishResult.Entry(e.path(), e.label(), e.changes())).toList();
  }

  private static Problem notFound(String formId, int version) {
    return new Problem(ProblemType.QUESTIONNAIRE_NOT_FOUND,
        "Questionnaire '" + formId + "' has no published version " + version + ".");
  }
}
