package org.fieldsync.server.export;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bson.Document;
import org.fieldsync.forms.Questionnaire;
import org.fieldsync.forms.export.IdentifyingPolicy;
import org.fieldsync.server.account.Principal;
import org.fieldsync.server.account.Role;
import org.fieldsync.server.audit.AuditLog;
import org.fieldsync.server.http.Problem;
import org.fieldsync.server.http.ProblemType;
import org.fieldsync.server.questionnaire.QuestionnaireService;
import org.fieldsync.server.questionnaire.QuestionnaireVersionView;
import org.fieldsync.server.sampling.SamplingStore;
import org.fieldsync.server.store.Blocking;
import org.fieldsync.server.store.Mongo;
import org.fieldsync.server.survey.SurveyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Export jobs (docs/export.md): started over the API or the CLI, run in the background one at a time per instance,
 * with their progress in collection {@code exports} (so any instance answers a status request), the zip kept in
 * {@code export.dir} for {@code export.retention-hours}, then deleted. Every start, completion, failure and download
 * is in the audit log.
 *
 * <p>Identifying variables (names, phone numbers, exact GPS) are dropped or coarsened unless an admin asks for them
 * ({@code identifying: keep}); such an export can be downloaded by admins only.
 */
public final class ExportService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExportService.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** A running job whose progress has not moved for this long was interrupted (its instance stopped). */
  private static final Duration STALE = Duration.ofMinutes(5);

  /** Settings: where zips go, how long they are kept, how many threads open interviews. */
  public record Settings(Path dir, Duration retention, int threads, int readers) {}

  private final MongoCollection<Document> jobs;
  private final ExportJob job;
  private final SamplingStore sampling;
  private final SurveyStore surveys;
  private final QuestionnaireService questionnaires;
  private final AuditLog audit;
  private final Blocking blocking;
  private final Clock clock;
  private final Settings settings;
  private final ExecutorService runner;
  private final ExecutorService decoders;

  public ExportService(Mongo mongo, org.fieldsync.server.assignment.AssignmentStore assignments,
      org.fieldsync.server.interview.InterviewStore interviews, org.fieldsync.server.sync.SyncKeys keys,
      org.fieldsync.server.sync.SyncStore devices, SamplingStore sampling, SurveyStore surveys,
      QuestionnaireService questionnaires, AuditLog audit, Blocking blocking, Clock clock, Settings settings) {
    this.jobs = mongo.db().getCollection("exports");
    this.sampling = sampling;
    this.surveys = surveys;
    this.questionnaires = questionnaires;
    this.audit = audit;
    this.blocking = blocking;
    this.clock = clock;
    this.settings = settings;
    this.runner = Executors.newSingleThreadExecutor(r -> daemon(r, "export-job"));
    this.decoders = Executors.newFixedThreadPool(settings.threads(), r -> daemon(r, "export-decoder"));
    this.job = new ExportJob(assignments, interviews, keys, devices, decoders, settings.readers());
  }

  public void ensureIndexes() {
    jobs.createIndex(Indexes.ascending("surveyId", "createdAt"));
  }

  /** Starts an export; the answer is the job, queued. */
  public Future<JsonObject> start(Principal actor, String surveyId, boolean includeAll, String identifying,
      String language) {
    return blocking.run(() -> startNow(actor, surveyId, includeAll, identifying, language));
  }

  public JsonObject startNow(Principal actor, String surveyId, boolean includeAll, String identifying,
      String language) {
    IdentifyingPolicy policy = "keep".equals(identifying) ? IdentifyingPolicy.KEEP : IdentifyingPolicy.DROP;
    if (policy == IdentifyingPolicy.KEEP && !actor.roles().contains(Role.ADMIN)) {
      throw new Problem(ProblemType.EXPORT_IDENTIFYING_FORBIDDEN, "Only an admin can export identifying variables "
          + "(names, phone numbers, exact GPS): ask an admin to start this export, or leave identifying out.");
    }
    surveys.findSurvey(surveyId).orElseThrow(() -> new Problem(ProblemType.SURVEY_NOT_FOUND,
        "There is no survey with id '" + surveyId + "'."));
    String planId = frozenPlan(surveyId);
    List<Questionnaire> versions = versions();
    if (language != null && versions.stream().noneMatch(q -> q.languages().contains(language))) {
      throw Problem.invalidField("language", "the questionnaire has no labels in '" + language + "'; use one of "
          + versions.get(versions.size() - 1).languages());
    }
    Instant now = clock.instant();
    String id = "exp-" + HexFormat.of().formatHex(randomBytes());
    Document doc = new Document("_id", id).append("surveyId", surveyId).append("planId", planId)
        .append("state", "queued").append("phase", "queued").append("percent", 0).append("done", 0L)
        .append("total", null).append("include", includeAll ? "all" : "approved")
        .append("identifying", policy.name().toLowerCase(Locale.ROOT)).append("language", language)
        .append("requestedBy", new Document("userId", actor.userId()).append("username", actor.username()))
        .append("createdAt", Date.from(now)).append("updatedAt", Date.from(now));
    jobs.insertOne(doc);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("survey", surveyId);
    details.put("include", doc.getString("include"));
    details.put("identifying", doc.getString("identifying"));
    audit.record(actor, "export.started", "export", id, details);
    runner.submit(() -> run(actor, id, surveyId, planId, versions,
        new ExportJob.Options(includeAll, policy, language)));
    return view(doc, now);
  }

  /** One export of a survey. */
  public Future<JsonObject> get(String surveyId, String exportId) {
    return blocking.run(() -> view(find(surveyId, exportId), clock.instant()));
  }

  /** The survey's exports, newest first (at most 50). */
  public Future<JsonObject> list(String surveyId) {
    return blocking.run(() -> {
      JsonArray out = new JsonArray();
      Instant now = clock.instant();
      jobs.find(eq("surveyId", surveyId)).sort(Sorts.descending("createdAt")).limit(50)
          .forEach(d -> out.add(view(d, now)));
      return new JsonObject().put("exports", out);
    });
  }

  /** A finished export's file, for download (audited). */
  public record Download(Path file, String name, long bytes, String sha256) {}

  public Future<Download> download(Principal actor, String surveyId, String exportId) {
    return blocking.run(() -> {
      Document d = find(surveyId, exportId);
      String state = state(d, clock.instant());
      if ("expired".equals(state)) {
        throw new Problem(ProblemType.EXPORT_EXPIRED, "Export " + exportId + " was deleted after its retention "
            + "time: start a new export.");
      }
      if (!"done".equals(state)) {
        throw new Problem(ProblemType.EXPORT_NOT_READY, "Export " + exportId + " is " + state
            + ("failed".equals(state) ? "" : " (" + d.getInteger("percent", 0) + " %)")
            + ": download it once it is done" + ("failed".equals(state) ? "; start a new export" : "") + ".",
            new JsonObject().put("state", state));
      }
      if ("keep".equals(d.getString("identifying")) && !actor.roles().contains(Role.ADMIN)) {
        throw new Problem(ProblemType.EXPORT_IDENTIFYING_FORBIDDEN, "Export " + exportId + " holds identifying "
            + "variables: only an admin can download it.");
      }
      Document file = d.get("file", Document.class);
      Path path = settings.dir().resolve(file.getString("name"));
      if (!Files.isRegularFile(path)) {
        throw new Problem(ProblemType.EXPORT_EXPIRED, "The file of export " + exportId + " is not on this server "
            + "(deleted, or written by another instance that does not share export.dir): start a new export.");
      }
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("survey", surveyId);
      details.put("sha256", file.getString("sha256"));
      audit.record(actor, "export.downloaded", "export", exportId, details);
      return new Download(path, surveyId + "-" + exportId + ".zip", file.getLong("bytes"),
          file.getString("sha256"));
    });
  }

  /** Deletes the files of exports past their retention time. Returns how many were removed. */
  public int sweep() {
    Instant now = clock.instant();
    int removed = 0;
    for (Document d : jobs.find(and(eq("state", "done"), lt("expiresAt", Date.from(now)))).into(new ArrayList<>())) {
      Document file = d.get("file", Document.class);
      try {
        if (file != null) {
          Files.deleteIfExists(settings.dir().resolve(file.getString("name")));
        }
        jobs.updateOne(eq("_id", d.getString("_id")), Updates.set("state", "expired"));
        removed++;
      } catch (IOException e) {
        LOG.warn("could not delete the file of export {}: {}", d.getString("_id"), e.toString());
      }
    }
    return removed;
  }

  // ---- the run

  private void run(Principal actor, String id, String surveyId, String planId, List<Questionnaire> versions,
      ExportJob.Options options) {
    Instant started = clock.instant();
    jobs.updateOne(eq("_id", id), Updates.combine(Updates.set("state", "running"),
        Updates.set("startedAt", Date.from(started)), Updates.set("updatedAt", Date.from(started))));
    long[] lastWrite = {0};
    String[] lastPhase = {null};
    ExportJob.Progress progress = (phase, done, total, percent) -> {
      long now = System.nanoTime();
      if (now - lastWrite[0] < 1_000_000_000L && phase.equals(lastPhase[0])) {
        return;
      }
      lastWrite[0] = now;
      lastPhase[0] = phase;
      jobs.updateOne(eq("_id", id), Updates.combine(Updates.set("phase", phase), Updates.set("done", done),
          Updates.set("total", total < 0 ? null : total), Updates.max("percent", Math.max(0, percent)),
          Updates.set("updatedAt", Date.from(clock.instant()))));
    };
    try {
      Files.createDirectories(settings.dir());
      Map<String, Object> about = new LinkedHashMap<>();
      about.put("export", id);
      about.put("survey", surveyId);
      about.put("plan", planId);
      about.put("requestedBy", actor.username());
      ExportJob.Result r = job.run(surveyId, planId, versions, options, about, settings.dir().resolve(id + ".zip"),
          progress);
      Instant finished = clock.instant();
      Document rows = new Document();
      r.rows().forEach(rows::append);
      jobs.updateOne(eq("_id", id), Updates.combine(Updates.set("state", "done"), Updates.set("phase", "done"),
          Updates.set("percent", 100), Updates.set("done", r.interviews()), Updates.set("total", r.interviews()),
          Updates.set("finishedAt", Date.from(finished)), Updates.set("updatedAt", Date.from(finished)),
          Updates.set("expiresAt", Date.from(finished.plus(settings.retention()))),
          Updates.set("file", new Document("name", r.zip().getFileName().toString()).append("bytes", r.bytes())
              .append("sha256", r.sha256())),
          Updates.set("households", r.households()), Updates.set("interviews", r.interviews()),
          Updates.set("rows", rows), Updates.set("warnings", r.warnings())));
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("interviews", r.interviews());
      details.put("bytes", r.bytes());
      details.put("sha256", r.sha256());
      details.put("seconds", Duration.between(started, finished).toMillis() / 1000.0);
      audit.record(actor, "export.completed", "export", id, details);
      LOG.info("export {} of survey {}: {} interviews, {} bytes in {}", id, surveyId, r.interviews(), r.bytes(),
          Duration.between(started, finished));
    } catch (Exception | OutOfMemoryError e) {
      LOG.error("export {} of survey {} failed", id, surveyId, e);
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      jobs.updateOne(eq("_id", id), Updates.combine(Updates.set("state", "failed"),
          Updates.set("error", new Document("code", "export.failed").append("message", message)),
          Updates.set("finishedAt", Date.from(clock.instant())),
          Updates.set("updatedAt", Date.from(clock.instant()))));
      audit.record(actor, "export.failed", "export", id, Map.of("message", message));
    }
  }

  // ---- helpers

  private Document find(String surveyId, String exportId) {
    Document d = jobs.find(and(eq("_id", exportId), eq("surveyId", surveyId))).first();
    if (d == null) {
      throw new Problem(ProblemType.EXPORT_NOT_FOUND, "Survey '" + surveyId + "' has no export " + exportId + ".");
    }
    return d;
  }

  private String frozenPlan(String surveyId) {
    return sampling.listPlans(surveyId).stream().filter(p -> "frozen".equals(p.view().status())).findFirst()
        .map(p -> p.view().id()).orElseThrow(() -> new Problem(ProblemType.EXPORT_NO_SAMPLE, "Survey '" + surveyId
            + "' has no frozen sample plan: the export needs the design (freeze a plan, list EAs, collect "
            + "interviews) before there is anything to export."));
  }

  private List<Questionnaire> versions() {
    List<QuestionnaireVersionView> views = questionnaires.listNow(ExportJob.INTERVIEW_FORM);
    if (views.isEmpty()) {
      throw new Problem(ProblemType.QUESTIONNAIRE_NOT_FOUND, "No version of the '" + ExportJob.INTERVIEW_FORM
          + "' questionnaire is published: there is nothing to export.");
    }
    return views.stream().map(v -> questionnaires.questionnaire(v.formId(), v.version())).toList();
  }

  /** The state as a client should see it: a running job that stopped moving was interrupted. */
  private static String state(Document d, Instant now) {
    String state = d.getString("state");
    if ("running".equals(state) && d.getDate("updatedAt").toInstant().plus(STALE).isBefore(now)) {
      return "failed";
    }
    if ("done".equals(state) && d.getDate("expiresAt") != null && d.getDate("expiresAt").toInstant().isBefore(now)) {
      return "expired";
    }
    return state;
  }

  private static JsonObject view(Document d, Instant now) {
    String state = state(d, now);
    JsonObject v = new JsonObject().put("id", d.getString("_id")).put("surveyId", d.getString("surveyId"))
        .put("state", state).put("phase", d.getString("phase")).put("percent", d.getInteger("percent", 0))
        .put("done", d.get("done")).put("total", d.get("total"))
        .put("include", d.getString("include")).put("identifying", d.getString("identifying"))
        .put("language", d.getString("language"))
        .put("requestedBy", d.get("requestedBy", Document.class).getString("username"))
        .put("createdAt", instant(d.getDate("createdAt"))).put("startedAt", instant(d.getDate("startedAt")))
        .put("finishedAt", instant(d.getDate("finishedAt"))).put("expiresAt", instant(d.getDate("expiresAt")));
    Date started = d.getDate("startedAt");
    int percent = d.getInteger("percent", 0);
    if ("running".equals(state) && started != null && percent >= 1 && percent < 100) {
      double elapsed = Duration.between(started.toInstant(), now).toMillis() / 1000.0;
      v.put("etaSeconds", Math.round(elapsed * (100 - percent) / percent));
    } else {
      v.put("etaSeconds", null);
    }
    if ("failed".equals(state)) {
      Document error = d.get("error", Document.class);
      v.put("error", error == null ? new JsonObject().put("code", "export.interrupted").put("message",
          "The export stopped without finishing (its server instance stopped): start it again.")
          : new JsonObject(error.toJson()));
    }
    if ("done".equals(state)) {
      Document file = d.get("file", Document.class);
      v.put("file", new JsonObject().put("bytes", file.getLong("bytes")).put("sha256", file.getString("sha256"))
          .put("href", "/api/v1/surveys/" + d.getString("surveyId") + "/exports/" + d.getString("_id") + "/file"));
      v.put("households", d.get("households")).put("interviews", d.get("interviews"))
          .put("rows", new JsonObject(d.get("rows", Document.class).toJson()))
          .put("warnings", new JsonArray(d.getList("warnings", String.class, List.of())));
    }
    return v;
  }

  private static String instant(Date d) {
    return d == null ? null : d.toInstant().toString();
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return b;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    runner.shutdownNow();
    decoders.shutdownNow();
  }
}
