package org.fieldsync.server.sampling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.fieldsync.server.account.Principal;
import org.fieldsync.server.assignment.AssignmentStore;
import org.fieldsync.server.assignment.AssignmentView;
import org.fieldsync.server.audit.AuditLog;
import org.fieldsync.server.crypto.Tokens;
import org.fieldsync.server.http.Problem;
import org.fieldsync.server.http.ProblemType;
import org.fieldsync.server.questionnaire.QuestionnaireService;
import org.fieldsync.server.questionnaire.QuestionnaireVersionView;
import org.fieldsync.server.sampling.SamplingStore.StoredPlan;
import org.fieldsync.server.sampling.SamplingViews.ClassView;
import org.fieldsync.server.sampling.SamplingViews.Exclusion;
import org.fieldsync.server.sampling.SamplingViews.FrameView;
import org.fieldsync.server.sampling.SamplingViews.ListingResult;
import org.fieldsync.server.sampling.SamplingViews.PlanView;
import org.fieldsync.server.sampling.SamplingViews.Precision;
import org.fieldsync.server.sampling.SamplingViews.SampleEaView;
import org.fieldsync.server.store.Blocking;
import org.fieldsync.server.survey.SurveyStore;
import org.fieldsync.server.survey.TeamView;
import org.fieldsync.server.sync.ChangeLog;
import org.fieldsync.server.sync.SyncService;
import org.fieldsync.sampling.Design;
import org.fieldsync.sampling.FirstStageSelection;
import org.fieldsync.sampling.Frame;
import org.fieldsync.sampling.FrameImport;
import org.fieldsync.sampling.Listing;
import org.fieldsync.sampling.Plan;
import org.fieldsync.sampling.PlanRecord;
import org.fieldsync.sampling.Planner;
import org.fieldsync.sampling.SamplingException;
import org.fieldsync.sampling.SecondStageSelection;
import org.fieldsync.sampling.SelectedHousehold;

/**
 * Sample planning for a survey: a sampler uploads a census frame, previews designs (each preview is a draft plan
 * with its expected migrant and control households, PSUs, listing load and minimum detectable difference per
 * stratum), and freezes one. Freezing selects the EAs and gives each a listing assignment for a team. When an EA's
 * listing comes back, the second stage selects its households and creates their interview assignments, each with
 * the household's type, π1, π2 and base weight.
 *
 * <p>All sampling arithmetic is the sampling library's; this class stores, assigns and audits. Every step is
 * idempotent with deterministic ids, so a retry after a crash finishes the job instead of doubling it; a frozen
 * plan never changes, and a survey has at most one (a unique claim settles races between server instances).
 */
public final class SamplingService {
  static final String LISTING_FORM = "listing";
  static final String INTERVIEW_FORM = "household";

  private final SamplingStore store;
  private final AssignmentStore assignments;
  /** Told of every assignment created (coverage counts them). */
  private final java.util.function.Consumer<List<AssignmentView>> onAssigned;
  private final ChangeLog changes;
  private final SurveyStore surveys;
  private final QuestionnaireService questionnaires;
  private final AuditLog audit;
  private final Blocking blocking;
  private final Clock clock;
  private final Planner planner = new Planner();
  private final SecureRandom random = new SecureRandom();
  /** Plans replayed from their records, by plan id. A pure cache: plans never change once stored. */
  private final Map<String, Plan> plans = new ConcurrentHashMap<>();

  public SamplingService(SamplingStore store, AssignmentStore assignments, ChangeLog changes, SurveyStore surveys,
      QuestionnaireService questionnaires, AuditLog audit, Blocking blocking, Clock clock,
      java.util.function.Consumer<List<AssignmentView>> onAssigned) {
    this.onAssigned = onAssigned;
    this.store = store;
    this.assignments = assignments;
    this.changes = changes;
    this.surveys = surveys;
    this.questionnaires = questionnaires;
    this.audit = audit;
    this.blocking = blocking;
    this.clock = clock;
  }

  // ---- frames

  public Future<FrameView> uploadFrame(Principal actor, String surveyId, String name, byte[] csv) {
    return blocking.run(() -> uploadFrameNow(actor, surveyId, name, csv));
  }

  /** The blocking body of {@link #uploadFrame}: every bad row reported at once; zero-household EAs excluded. */
  public FrameView uploadFrameNow(Principal actor, String surveyId, String name, byte[] csv) {
    survey(surveyId);
    FrameImport.Result result = FrameImport.csv(csv);
    if (!result.ok()) {
      JsonArray problems = new JsonArray();
      result.problems().forEach(p -> problems.add(new JsonObject().put("line", p.line()).put("column", p.column())
          .put("message", p.message())));
      throw new Problem(ProblemType.FRAME_INVALID, "The frame has " + result.problems().size() + " problem"
          + (result.problems().size() == 1 ? "" : "s") + "; details.problems lists each with its line: "
          + result.problems().get(0), new JsonObject().put("problems", problems));
    }
    Centroids.Result centroids = Centroids.parse(csv);
    if (!centroids.problems().isEmpty()) {
      JsonArray problems = new JsonArray();
      centroids.problems().forEach(p -> problems.add(new JsonObject().put("line", p.line()).put("column", p.column())
          .put("message", p.message())));
      throw new Problem(ProblemType.FRAME_INVALID, "The frame's EA centroids have " + centroids.problems().size()
          + " problem(s); details.problems lists each with its line: line " + centroids.problems().get(0).line()
          + ", " + centroids.problems().get(0).column() + " " + centroids.problems().get(0).message(),
          new JsonObject().put("problems", problems));
    }
    List<Exclusion> excluded = result.exclusions().stream()
        .map(e -> new Exclusion(e.line(), e.eaId(), e.reason().name().toLowerCase().replace('_', '-'))).toList();
    FrameView frame = new FrameView(result.sha256(), surveyId, name == null ? "frame.csv" : name, csv.length,
        result.frame().size(), excluded, clock.instant(), actor.username());
    if (store.insertFrame(frame, csv)) {
      audit.record(actor, "frame.uploaded", "frame", result.sha256(), Map.of("survey", surveyId, "eas",
          frame.eas(), "excluded", excluded.size(), "bytes", csv.length));
      return frame;
    }
    return store.findFrame(surveyId, result.sha256()).orElse(frame);
  }

  public Future<List<FrameView>> frames(String surveyId) {
    return blocking.run(() -> {
      survey(surveyId);
      return store.listFrames(surveyId);
    });
  }

  // ---- plans

  public Future<PlanView> createPlan(Principal actor, String surveyId, String frameSha256, Map<String, Object> design,
      Long seed, Precision precision) {
    return blocking.run(() -> createPlanNow(actor, surveyId, frameSha256, design, seed, precision));
  }

  /** Plans a sample (a draft: nothing is selected for fieldwork until it is frozen) and returns its preview. */
  public PlanView createPlanNow(Principal actor, String surveyId, String frameSha256, Map<String, Object> designMap,
      Long seed, Precision precision) {
    survey(surveyId);
    store.findFrame(surveyId, frameSha256).orElseThrow(() -> new Problem(ProblemType.FRAME_NOT_FOUND,
        "Survey '" + surveyId + "' has no frame " + frameSha256 + ": upload it first (POST .../frames)."));
    Frame frame = frame(frameSha256);
    long s = seed != null ? seed : random.nextLong();
    Plan plan;
    try {
      plan = planner.plan(frame, Design.fromPartialMap(designMap), s);
    } catch (SamplingException e) {
      throw problem(e);
    }
    String id = UUID.randomUUID().toString();
    PlanView view = PlanPreview.of(id, surveyId, plan, precision == null ? Precision.DEFAULT : precision,
        clock.instant(), actor.username());
    store.insertPlan(new StoredPlan(view, new JsonObject(plan.record().toMap()).encode()));
    plans.put(id, plan);
    audit.record(actor, "plan.created", "plan", id, Map.of("survey", surveyId, "frame", frameSha256,
        "seed", Long.toString(s), "psus", view.totals().psus()));
    return view;
  }

  public Future<List<PlanView>> listPlans(String surveyId) {
    return blocking.run(() -> store.listPlans(surveyId).stream().map(StoredPlan::view).toList());
  }

  public Future<PlanView> getPlan(String surveyId, String planId) {
    return blocking.run(() -> stored(surveyId, planId).view());
  }

  /** The plan's replayable record: frame hash, every parameter, the seed and every start, the library version. */
  public Future<JsonObject> planRecord(String surveyId, String planId) {
    return blocking.run(() -> new JsonObject(stored(surveyId, planId).recordJson()));
  }

  public Future<PlanView> freeze(Principal actor, String surveyId, String planId) {
    return blocking.run(() -> freezeNow(actor, surveyId, planId));
  }

  /**
   * Freezes a plan as the survey's sample: its selected EAs get listing assignments, spread over the survey's teams
   * in the plan's order (team by team, then enumerator by enumerator within a team). Freezing a frozen plan again
   * finishes anything a crash interrupted and changes nothing else.
   */
  public PlanView freezeNow(Principal actor, String surveyId, String planId) {
    StoredPlan stored = stored(surveyId, planId);
    List<TeamView> teams = surveys.listTeams(surveyId).stream().filter(t -> !t.enumerators().isEmpty()).toList();
    if (teams.isEmpty()) {
      throw new Problem(ProblemType.PLAN_NO_TEAMS, "Survey '" + surveyId + "' has no team with enumerators: create "
          + "teams first (POST /api/v1/surveys/" + surveyId + "/teams), then freeze.");
    }
    QuestionnaireVersionView listingForm = activeVersion(LISTING_FORM);
    String holder = store.claimSurveySample(surveyId, planId);
    if (!holder.equals(planId)) {
      throw new Problem(ProblemType.PLAN_SAMPLE_EXISTS, "Survey '" + surveyId + "' already has a frozen sample (plan "
          + holder + "). A frozen plan never changes; a new sample needs a new survey.",
          new JsonObject().put("frozenPlan", holder));
    }
    boolean wasDraft = "draft".equals(stored.view().status());
    PlanView frozen = store.markFrozen(planId, clock.instant(), actor.username()).orElseThrow().view();
    Plan plan = plan(stored);
    List<SampleEaView> eas = new ArrayList<>();
    List<AssignmentView> work = new ArrayList<>();
    Instant now = clock.instant();
    List<FirstStageSelection> selections = plan.selections();
    for (int k = 0; k < selections.size(); k++) {
      FirstStageSelection psu = selections.get(k);
      TeamView team = teams.get(k % teams.size());
      TeamView.Member enumerator = team.enumerators().get((k / teams.size()) % team.enumerators().size());
      eas.add(new SampleEaView(psu.psuId(), psu.eaId(), psu.stratum(), psu.pi1(), psu.certainty(), psu.hits(),
          team.id(), enumerator.username(), "listing", List.of(), null));
      work.add(new AssignmentView(planId + ":listing:" + psu.psuId(), "listing", surveyId, planId, psu.eaId(),
          psu.stratum(), team.id(), enumerator.id(), enumerator.username(), LISTING_FORM, listingForm.version(),
          "assigned", null, psu.pi1(), null, null, now));
    }
    store.insertSampleEas(eas, planId, surveyId);
    int created = assign(surveyId, work);
    if (wasDraft || created > 0) {
      audit.record(actor, "plan.frozen", "plan", planId, Map.of("survey", surveyId, "psus", selections.size(),
          "listingAssignments", created));
    }
    return frozen;
  }

  public Future<List<SampleEaView>> sampleEas(String surveyId, String planId) {
    return blocking.run(() -> {
      stored(surveyId, planId);
      return store.listSampleEas(planId);
    });
  }

  // ---- listing and second stage

  /**
   * Takes an EA's listing as CSV ({@code csv}) or as listing-form answers ({@code json}, validated against the
   * listing questionnaire version of the EA's listing assignment), then selects its households.
   */
  public Future<ListingResult> uploadListing(Principal actor, String surveyId, String planId, String psuId,
      byte[] csv, JsonObject json) {
    return blocking.run(() -> {
      SampleEaView ea = frozenEa(surveyId, planId, psuId);
      Listing listing;
      if (json != null) {
        int version = assignments.find(surveyId, planId, ea.eaId(), "listing", null).stream()
            .map(AssignmentView::formVersion).findFirst().orElseGet(() -> activeVersion(LISTING_FORM).version());
        listing = ListingInput.fromJson(json, psuId, questionnaires.questionnaire(LISTING_FORM, version));
      } else {
        listing = ListingInput.fromCsv(csv, psuId, ea.eaId());
      }
      return uploadListingNow(actor, surveyId, planId, psuId, listing);
    });
  }

  /**
   * Takes an EA's listing and selects its households (SPEC section 5), creating one interview assignment per
   * selected household for the enumerator who listed the EA. A listing is final: the same listing again returns
   * the same result; a different one for a listed EA is refused, since the selection was made from the first.
   */
  public ListingResult uploadListingNow(Principal actor, String surveyId, String planId, String psuId,
      Listing listing) {
    SampleEaView ea = frozenEa(surveyId, planId, psuId);
    StoredPlan stored = stored(surveyId, planId);
    Document households = compact(listing);
    String sha = Tokens.sha256Hex(households.toJson().getBytes(StandardCharsets.UTF_8));
    if (!store.insertListing(planId, psuId, sha, households)) {
      throw new Problem(ProblemType.LISTING_ALREADY_COMPLETE, "EA '" + psuId + "' was listed already with other "
          + "households, and its households were selected from that listing. A listing cannot be replaced.");
    }
    Plan plan = plan(stored);
    SecondStageSelection selection;
    try {
      selection = planner.selectHouseholds(plan, new Listing(psuId, listing.households()));
    } catch (SamplingException e) {
      throw problem(e);
    }
    QuestionnaireVersionView interviewForm = activeVersion(INTERVIEW_FORM);
    String enumeratorId = assignments.find(surveyId, planId, ea.eaId(), "listing", null).stream()
        .filter(a -> a.id().equals(planId + ":listing:" + psuId)).map(AssignmentView::enumeratorId).findFirst()
        .orElse(null);
    Instant now = clock.instant();
    List<AssignmentView> work = new ArrayList<>();
    for (SelectedHousehold h : selection.households()) {
      work.add(new AssignmentView(planId + ":hh:" + psuId + ":" + h.line(), "interview", surveyId, planId, h.eaId(),
          h.stratum(), ea.teamId(), enumeratorId, ea.enumerator(), INTERVIEW_FORM, interviewForm.version(),
          "assigned", new AssignmentView.Household(h.line(), h.householdId(), h.type().name(), h.takeClass(),
              h.group().name().toLowerCase(), h.certaintyPsu()), h.pi1(), h.pi2(), h.baseWeight(), now));
    }
    int created = assign(surveyId, work);
    List<ClassView> classes = selection.classes().stream().map(c -> new ClassView(c.takeClass(),
        c.group().name().toLowerCase(), c.listed(), c.take(), Double.isNaN(c.pi2()) ? null : c.pi2(),
        c.status().name().toLowerCase().replace('_', '-'))).toList();
    Document starts = new Document();
    selection.starts().forEach((k, v) -> starts.append(k.replace('.', '_'), v));
    boolean first = "listing".equals(ea.status());
    store.markListed(planId, psuId, classes, starts, now);
    if (first) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("plan", planId);
      details.put("listed", listing.households().size());
      details.put("selected", selection.households().size());
      audit.record(actor, "listing.received", "ea", psuId, details);
    }
    return new ListingResult(store.findSampleEa(planId, psuId).orElseThrow(), listing.households().size(), created,
        first);
  }

  public Future<List<AssignmentView>> assignments(String surveyId, String planId, String eaId, String kind) {
    return blocking.run(() -> {
      survey(surveyId);
      return assignments.find(surveyId, planId, eaId, kind, null);
    });
  }

  // ---- helpers

  /**
   * Announces assignments in the sync change log, then stores them: a tablet may hear of one a moment early, but a
   * crash in between never leaves an assignment no tablet hears of (docs/sync-protocol.md section 4.2).
   */
  private int assign(String surveyId, List<AssignmentView> work) {
    changes.append(surveyId, work.stream()
        .map(a -> new ChangeLog.Entry(a.enumeratorId(), SyncService.assignmentAdded(a))).toList());
    List<AssignmentView> created = assignments.insertNew(work);
    onAssigned.accept(created);
    return created.size();
  }

  private void survey(String surveyId) {
    surveys.findSurvey(surveyId).orElseThrow(() -> new Problem(ProblemType.SURVEY_NOT_FOUND,
        "There is no survey with id '" + surveyId + "'."));
  }

  private SampleEaView frozenEa(String surveyId, String planId, String psuId) {
    if (!"frozen".equals(stored(surveyId, planId).view().status())) {
      throw new Problem(ProblemType.PLAN_NOT_FROZEN, "Plan " + planId + " is a draft: freeze it before listing.");
    }
    return store.findSampleEa(planId, psuId).orElseThrow(() -> new Problem(ProblemType.EA_NOT_IN_SAMPLE,
        "EA '" + psuId + "' is not in the sample of plan " + planId + "."));
  }

  private StoredPlan stored(String surveyId, String planId) {
    return store.findPlan(planId).filter(p -> p.view().surveyId().equals(surveyId)).orElseThrow(() -> new Problem(
        ProblemType.PLAN_NOT_FOUND, "Survey '" + surveyId + "' has no plan " + planId + "."));
  }

  private Frame frame(String sha256) {
    return FrameImport.csv(store.frameBytes(sha256)).frame();
  }

  /** The plan object, replayed from its stored record (and checked to reproduce it) when not cached. */
  private Plan plan(StoredPlan stored) {
    return plans.computeIfAbsent(stored.view().id(), id -> planner.replay(
        PlanRecord.fromMap(new JsonObject(stored.recordJson()).getMap()), frame(stored.view().frameSha256())));
  }

  private QuestionnaireVersionView activeVersion(String formId) {
    return questionnaires.latestActive(formId).orElseThrow(() -> new Problem(ProblemType.QUESTIONNAIRE_NOT_FOUND,
        "No active version of the '" + formId + "' questionnaire is published: publish it (or un-retire a version) "
            + "before creating assignments that use it."));
  }

  private static Document compact(Listing listing) {
    List<Integer> lines = new ArrayList<>();
    List<String> types = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (Listing.ListedHousehold h : listing.households()) {
      lines.add(h.line());
      types.add(h.type().name());
      ids.add(h.householdId());
    }
    return new Document("line", lines).append("type", types).append("householdId", ids);
  }

  static Problem problem(SamplingException e) {
    JsonObject details = new JsonObject().put("samplingCode", e.code().name());
    if (e.details() != null) {
      details.put("details", new JsonObject(io.vertx.core.json.Json.encode(e.details())));
    }
    return new Problem(ProblemType.PLAN_INVALID, e.getMessage(), details);
  }
}
