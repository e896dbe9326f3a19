package org.fieldsync.server.monitoring;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.fieldsync.client.Timestamps;
import org.fieldsync.sampling.Design;
import org.fieldsync.server.account.Principal;
import org.fieldsync.server.account.Role;
import org.fieldsync.server.assignment.AssignmentStore;
import org.fieldsync.server.assignment.AssignmentView;
import org.fieldsync.server.config.FieldsyncConfig;
import org.fieldsync.server.http.Problem;
import org.fieldsync.server.http.ProblemType;
import org.fieldsync.server.interview.InterviewStore;
import org.fieldsync.server.interview.StoredInterview;
import org.fieldsync.server.monitoring.CoverageStore.Cell;
import org.fieldsync.server.monitoring.CoverageStore.CellDelta;
import org.fieldsync.server.sampling.SamplingStore;
import org.fieldsync.server.sampling.SamplingViews;
import org.fieldsync.server.store.Blocking;
import org.fieldsync.server.survey.SurveyStore;
import org.fieldsync.server.survey.TeamView;

/**
 * Coverage of migrant and control households while fieldwork runs (docs/monitoring.md).
 *
 * <p>Counters live in cells — per EA, per stratum within a team, per enumerator — kept up to date as assignments
 * are created ({@link #assigned}), interviews arrive ({@link #arrived}, inside the upload writer's commit group: one
 * read and one bulk write per group) and review decisions are made ({@link #reviewed}). A request reads only the cells it shows, by {@code _id}, so its cost
 * depends on the number of strata, teams and enumerators, not on the number of interviews. {@link #rebuild}
 * recomputes every cell of a survey from its assignments and stored interviews.
 */
public final class CoverageService {
  static final List<String> TYPES = List.of("EMIG", "RET", "IMM", "NON");
  static final List<String> COUNTERS = List.of("assigned", "visited", "notVisited", "complete", "partial", "refusal",
      "nonContact", "notEligible", "vacant", "other", "pendingReview", "approvedBySupervisor", "approvedByManager",
      "rejected", "quarantined", "typeChanged", "rejections");
  private static final Map<String, Integer> COUNTER_INDEX = new HashMap<>();

  static {
    for (int i = 0; i < COUNTERS.size(); i++) {
      COUNTER_INDEX.put(COUNTERS.get(i), i);
    }
  }

  /** A counter's index in {@link #COUNTERS}, or -1. */
  static int counterIndex(String counter) {
    Integer i = COUNTER_INDEX.get(counter);
    return i == null ? -1 : i;
  }

  private static final Duration SAMPLE_CACHE = Duration.ofSeconds(30);
  private static final int MIN_DURATIONS = 5;

  private final CoverageStore store;
  private final SamplingStore sampling;
  private final SurveyStore surveys;
  private final AssignmentStore assignments;
  private final InterviewStore interviews;
  private final FieldsyncConfig.Monitoring config;
  private final Blocking blocking;
  private final Clock clock;
  private final Map<String, Sample> samples = new ConcurrentHashMap<>();
  /** EA centroids per frame (frames are immutable, content-addressed). */
  private final Map<String, Map<String, double[]>> centroids = new ConcurrentHashMap<>();
  /** Inactive-EA alerts per survey and team set, recomputed at most once a minute (they are about days). */
  private final Map<String, Inactive> inactive = new ConcurrentHashMap<>();

  private record Inactive(List<JsonObject> alerts, Instant at) {}

  /**
   * An arriving interview revision, the assignment it answers, and the dwelling's GPS point from its answers
   * ({@code null} if none).
   */
  public record Arrival(StoredInterview interview, AssignmentView assignment, double[] gps) {
    public Arrival(StoredInterview interview, AssignmentView assignment) {
      this(interview, assignment, null);
    }
  }

  /** A survey's frozen sample as coverage needs it, cached: EAs with stratum, team and targets. */
  private record Sample(String planId, String frameSha256, List<String> strata, Map<String, SampleEa> eas,
      Instant loadedAt) {}

  private record SampleEa(String eaId, String stratum, String teamId, double targetMigrant, double targetControl) {}

  public CoverageService(CoverageStore store, SamplingStore sampling, SurveyStore surveys,
      AssignmentStore assignments, InterviewStore interviews, FieldsyncConfig.Monitoring config, Blocking blocking,
      Clock clock) {
    this.store = store;
    this.sampling = sampling;
    this.surveys = surveys;
    this.assignments = assignments;
    this.interviews = interviews;
    this.config = config;
    this.blocking = blocking;
    this.clock = clock;
  }

  public CoverageStore store() {
    return store;
  }

  // ---- keeping the counters

  /** Counts newly created interview assignments. Blocking. */
  public void assigned(List<AssignmentView> created) {
    Map<String, CellDelta> deltas = new LinkedHashMap<>();
    for (AssignmentView a : created) {
      if (!"interview".equals(a.kind()) || a.household() == null) {
        continue;
      }
      for (String cell : HouseholdState.cells(a.surveyId(), a.eaId(), a.stratum(), a.teamId(), a.enumeratorId())) {
        add(deltas, describe(cell, a.surveyId(), a.eaId(), a.stratum(), a.teamId(), a.enumeratorId()),
            "c." + a.household().type() + ".assigned", 1);
      }
      String ea = HouseholdState.eaCell(a.surveyId(), a.eaId());
      deltas.computeIfPresent(ea, (k, d) -> new CellDelta(d.describe(), d.increments(), d.lastAt(),
          min(d.since(), a.createdAt())));
    }
    samples.clear(); // a listing changed the EAs' takes
    store.apply(List.of(), deltas.values());
  }

  /**
   * Counts interview revisions just stored (new ones only), raises the alerts they reveal, and returns once the
   * counters are written (the caller's commit makes them durable with the interviews). Blocking.
   */
  public void arrived(List<Arrival> arrivals) {
    List<Arrival> counted = arrivals.stream().filter(a -> a.assignment() != null
        && "interview".equals(a.assignment().kind()) && a.assignment().household() != null).toList();
    if (counted.isEmpty()) {
      return;
    }
    CoverageStore.Snapshot snapshot = store.read(counted.stream().map(a -> a.assignment().id()).toList(),
        counted.stream().map(a -> HouseholdState.enumeratorCell(a.interview().surveyId(),
            a.assignment().enumeratorId())).distinct().toList());
    Map<String, HouseholdState> current = new HashMap<>(snapshot.households());
    Map<String, Cell> enumeratorCells = snapshot.cells();
    Map<String, CellDelta> deltas = new LinkedHashMap<>();
    Map<String, HouseholdState> changed = new LinkedHashMap<>();
    for (Arrival arrival : counted) {
      StoredInterview i = arrival.interview();
      AssignmentView a = arrival.assignment();
      HouseholdState old = current.get(a.id());
      HouseholdState now = state(a, i.interviewId(), i.revision(), i.householdId(), i.receivedAt(), i.startedAt(),
          i.endedAt(), i.disposition(), i.householdTypeFound(), i.status(), i.errors().size(), null);
      if (old != null && newer(old, now)) {
        continue;
      }
      move(deltas, old, now);
      current.put(a.id(), now);
      changed.put(a.id(), now);
      if (old != null && !old.interviewId().equals(now.interviewId())) {
        store.addAlert(new CoverageStore.Alert("duplicate-household|" + i.surveyId() + "|" + a.id() + "|"
            + now.interviewId(), i.surveyId(), "duplicate-household", "interview", a.household().householdId(),
            "Household " + a.household().householdId() + " in EA " + a.eaId() + " was interviewed twice: interview "
                + old.interviewId() + " and interview " + now.interviewId() + " (by " + a.enumerator()
                + "). Keep one and reject the other.",
            now.interviewId(), a.teamId(), a.enumeratorId(), a.eaId(), i.receivedAt()));
      }
      Cell enumerator = enumeratorCells.get(HouseholdState.enumeratorCell(i.surveyId(), a.enumeratorId()));
      Long median = enumerator == null ? null : medianMinutes(enumerator.counters());
      long minutes = now.minutes();
      if (median != null && now.disposition() == Disposition.COMPLETE && minutes >= 0
          && minutes * 100 < median * config.shortInterviewPercent()) {
        store.addAlert(new CoverageStore.Alert("short-interview|" + i.surveyId() + "|" + i.interviewId() + "|"
            + i.revision(), i.surveyId(), "short-interview", "interview", i.interviewId(),
            "Interview " + i.interviewId() + " (household " + a.household().householdId() + ", EA " + a.eaId()
                + ") by " + a.enumerator() + " took " + minutes + " min, under " + config.shortInterviewPercent()
                + " % of their median of " + median + " min for a complete interview: check that it was really "
                + "conducted in full.",
            i.interviewId(), a.teamId(), a.enumeratorId(), a.eaId(), i.receivedAt()));
      }
    }
    gpsFar(counted);
    store.apply(changed.values(), deltas.values());
  }

  /** Alerts for GPS points farther from their EA's centroid than the configured distance. */
  private void gpsFar(List<Arrival> arrivals) {
    for (Arrival arrival : arrivals) {
      if (arrival.gps() == null) {
        continue;
      }
      StoredInterview i = arrival.interview();
      Sample sample = sample(i.surveyId());
      if (sample.frameSha256() == null) {
        continue;
      }
      double[] centre = centroids.computeIfAbsent(sample.frameSha256(),
          sha -> org.fieldsync.server.sampling.Centroids.parse(sampling.frameBytes(sha)).byEa())
          .get(arrival.assignment().eaId());
      if (centre == null) {
        continue;
      }
      double km = org.fieldsync.server.sampling.Centroids.km(centre[0], centre[1], arrival.gps()[0],
          arrival.gps()[1]);
      if (km > config.gpsMaxKm()) {
        AssignmentView a = arrival.assignment();
        store.addAlert(new CoverageStore.Alert("gps-far|" + i.surveyId() + "|" + i.interviewId() + "|"
            + i.revision(), i.surveyId(), "gps-far", "interview", i.interviewId(), String.format(java.util.Locale.ROOT,
            "The GPS point of interview %s (household %s, EA %s, by %s) is %.1f km from the EA's centroid (alert "
                + "beyond %d km): check that the household is in this EA and that the reading was taken at the "
                + "dwelling.", i.interviewId(), a.household().householdId(), a.eaId(), a.enumerator(), km,
            config.gpsMaxKm()), i.interviewId(), a.teamId(), a.enumeratorId(), a.eaId(), i.receivedAt()));
      }
    }
  }

  /** Counts a review decision on a revision, if it is its household's current interview. Blocking. */
  public void reviewed(String assignmentId, String interviewId, int revision, ReviewState state) {
    if (assignmentId == null) {
      return;
    }
    HouseholdState old = store.households(List.of(assignmentId)).get(assignmentId);
    if (old == null || !old.interviewId().equals(interviewId) || old.revision() != revision) {
      return;
    }
    HouseholdState now = new HouseholdState(old.assignmentId(), old.surveyId(), old.eaId(), old.stratum(),
        old.teamId(), old.enumeratorId(), old.type(), old.householdId(), old.interviewId(), old.revision(),
        old.receivedAt(), old.startedAt(), old.endedAt(), old.disposition(), state, old.typeFound(), old.errors());
    Map<String, CellDelta> deltas = new LinkedHashMap<>();
    move(deltas, old, now);
    store.apply(List.of(now), deltas.values());
  }

  /** The household state of an assignment (for a review decision's checks); null if nothing arrived. */
  public HouseholdState household(String assignmentId) {
    return assignmentId == null ? null : store.households(List.of(assignmentId)).get(assignmentId);
  }

  private static HouseholdState state(AssignmentView a, String interviewId, int revision, String householdId,
      Instant receivedAt, Instant startedAt, Instant endedAt, String disposition, String typeFound, String status,
      int errors, String review) {
    ReviewState r = review == null ? null : ReviewState.fromWire(review);
    return new HouseholdState(a.id(), a.surveyId(), a.eaId(), a.stratum(), a.teamId(), a.enumeratorId(),
        a.household().type(), householdId, interviewId, revision, receivedAt, startedAt, endedAt,
        Disposition.of(disposition), r == null ? ReviewState.initial(status) : r, typeFound, errors);
  }

  /** Whether {@code a} is the more recent interview of its household than {@code b}. */
  private static boolean newer(HouseholdState a, HouseholdState b) {
    return Comparator.comparing(HouseholdState::receivedAt).thenComparing(HouseholdState::revision)
        .thenComparing(HouseholdState::interviewId).compare(a, b) > 0;
  }

  private static void move(Map<String, CellDelta> deltas, HouseholdState old, HouseholdState now) {
    if (old != null) {
      for (HouseholdState.Contribution c : contributions(old)) {
        add(deltas, describe(c.cellId(), old), c.path(), -1);
      }
    }
    for (HouseholdState.Contribution c : contributions(now)) {
      add(deltas, describe(c.cellId(), now), c.path(), 1);
    }
    for (String cell : List.of(HouseholdState.eaCell(now.surveyId(), now.eaId()),
        HouseholdState.enumeratorCell(now.surveyId(), now.enumeratorId()))) {
      deltas.computeIfPresent(cell, (k, d) -> new CellDelta(d.describe(), d.increments(), max(d.lastAt(),
          now.receivedAt()), d.since()));
    }
  }

  /** A household's contributions, plus its rejections: earlier revisions (each was sent back) and a current one. */
  private static List<HouseholdState.Contribution> contributions(HouseholdState s) {
    List<HouseholdState.Contribution> out = new ArrayList<>(s.contributions());
    int rejections = s.revision() - 1 + (s.review() == ReviewState.REJECTED ? 1 : 0);
    for (String cell : HouseholdState.cells(s.surveyId(), s.eaId(), s.stratum(), s.teamId(), s.enumeratorId())) {
      for (int k = 0; k < rejections; k++) {
        out.add(new HouseholdState.Contribution(cell, "c." + s.type() + ".rejections"));
      }
    }
    return out;
  }

  private static Cell describe(String cellId, HouseholdState s) {
    return describe(cellId, s.surveyId(), s.eaId(), s.stratum(), s.teamId(), s.enumeratorId());
  }

  private static Cell describe(String cellId, String surveyId, String eaId, String stratum, String teamId,
      String enumeratorId) {
    String level = cellId.substring(surveyId.length() + 1, surveyId.length() + 3);
    return switch (level) {
      case "ea" -> new Cell(cellId, surveyId, "ea", eaId, stratum, teamId, null, Map.of(), null, null);
      case "st" -> new Cell(cellId, surveyId, "stratum-team", null, stratum, teamId, null, Map.of(), null, null);
      case "sa" -> new Cell(cellId, surveyId, "stratum", null, stratum, null, null, Map.of(), null, null);
      case "tm" -> new Cell(cellId, surveyId, "team", null, null, teamId, null, Map.of(), null, null);
      default -> new Cell(cellId, surveyId, "enumerator", null, null, teamId, enumeratorId, Map.of(), null, null);
    };
  }

  private static void add(Map<String, CellDelta> deltas, Cell cell, String path, long n) {
    CellDelta d = deltas.computeIfAbsent(cell.id(), k -> new CellDelta(cell, new TreeMap<>(), null, null));
    d.increments().merge(path, n, Long::sum);
    if (d.increments().get(path) == 0) {
      d.increments().remove(path);
    }
  }

  private static Instant max(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }

  // ---- rebuilding

  /** What a rebuild did. */
  public record Rebuilt(String surveyId, int cells, int households, int revisionsRead, long millis) {}

  /**
   * Recomputes a survey's cells and household states from its assignments and stored interviews, and replaces
   * them. Run it when no uploads are arriving (after a restore, or after a bug): an upload counted while it runs
   * may be lost from the counters until the next rebuild. Blocking.
   */
  public Rebuilt rebuild(String surveyId) {
    requireSurvey(surveyId);
    long t0 = System.nanoTime();
    Map<String, AssignmentView> byId = new HashMap<>();
    Map<String, Cell> cells = new LinkedHashMap<>();
    Map<String, Map<String, Long>> counters = new HashMap<>();
    Map<String, Instant[]> times = new HashMap<>();
    for (AssignmentView a : assignments.find(surveyId, null, null, "interview", null)) {
      if (a.household() == null) {
        continue;
      }
      byId.put(a.id(), a);
      for (String cell : HouseholdState.cells(surveyId, a.eaId(), a.stratum(), a.teamId(), a.enumeratorId())) {
        cells.putIfAbsent(cell, describe(cell, surveyId, a.eaId(), a.stratum(), a.teamId(), a.enumeratorId()));
        counters.computeIfAbsent(cell, k -> new TreeMap<>()).merge("c." + a.household().type() + ".assigned", 1L,
            Long::sum);
      }
      Instant[] t = times.computeIfAbsent(HouseholdState.eaCell(surveyId, a.eaId()), k -> new Instant[2]);
      t[1] = min(t[1], a.createdAt());
    }
    Map<String, HouseholdState> states = new HashMap<>();
    int[] read = {0};
    interviews.forEachOfSurvey(surveyId, s -> {
      read[0]++;
      AssignmentView a = s.assignmentId() == null ? null : byId.get(s.assignmentId());
      if (a == null) {
        return;
      }
      HouseholdState now = state(a, s.interviewId(), s.revision(), s.householdId(), s.receivedAt(), s.startedAt(),
          s.endedAt(), s.disposition(), s.householdTypeFound(), s.status(), s.errors(), s.review());
      states.merge(a.id(), now, (x, y) -> newer(x, y) ? x : y);
    });
    for (HouseholdState s : states.values()) {
      for (HouseholdState.Contribution c : contributions(s)) {
        cells.putIfAbsent(c.cellId(), describe(c.cellId(), s));
        counters.computeIfAbsent(c.cellId(), k -> new TreeMap<>()).merge(c.path(), 1L, Long::sum);
      }
      for (String cell : List.of(HouseholdState.eaCell(surveyId, s.eaId()),
          HouseholdState.enumeratorCell(surveyId, s.enumeratorId()))) {
        Instant[] t = times.computeIfAbsent(cell, k -> new Instant[2]);
        t[0] = max(t[0], s.receivedAt());
      }
    }
    List<Cell> out = new ArrayList<>();
    for (Cell c : cells.values()) {
      Instant[] t = times.getOrDefault(c.id(), new Instant[2]);
      out.add(new Cell(c.id(), c.surveyId(), c.level(), c.eaId(), c.stratum(), c.teamId(), c.enumeratorId(),
          counters.getOrDefault(c.id(), Map.of()), t[0], t[1]));
    }
    store.replaceAll(surveyId, out, states.values());
    samples.remove(surveyId);
    return new Rebuilt(surveyId, out.size(), states.size(), read[0], (System.nanoTime() - t0) / 1_000_000);
  }

  public Future<Rebuilt> rebuildAsync(Principal actor, String surveyId) {
    return blocking.run(() -> rebuild(surveyId));
  }

  // ---- reading

  /** The teams an actor may see in a survey: all for managers and admins, their own for a supervisor. */
  public List<TeamView> visibleTeams(Principal actor, String surveyId) {
    List<TeamView> teams = surveys.listTeams(surveyId);
    if (actor.is(Role.ADMIN) || actor.is(Role.MANAGER)) {
      return teams;
    }
    if (actor.is(Role.SUPERVISOR)) {
      return teams.stream().filter(t -> t.supervisor().id().equals(actor.userId())).toList();
    }
    throw Problem.forbidden("Coverage is for supervisors and survey managers.");
  }

  private void requireSurvey(String surveyId) {
    if (surveys.findSurvey(surveyId).isEmpty()) {
      throw new Problem(ProblemType.SURVEY_NOT_FOUND, "There is no survey '" + surveyId + "'.");
    }
  }

  private Sample sample(String surveyId) {
    Sample cached = samples.get(surveyId);
    Instant now = clock.instant();
    if (cached != null && cached.loadedAt().plus(SAMPLE_CACHE).isAfter(now)) {
      return cached;
    }
    SamplingStore.StoredPlan plan = sampling.listPlans(surveyId).stream()
        .filter(p -> "frozen".equals(p.view().status())).findFirst().orElse(null);
    if (plan == null) {
      Sample empty = new Sample(null, null, List.of(), Map.of(), now);
      samples.put(surveyId, empty);
      return empty;
    }
    Design design = Design.fromMap(plan.view().design());
    Map<String, SampleEa> eas = new LinkedHashMap<>();
    for (SamplingViews.SampleEaView e : sampling.listSampleEas(plan.view().id())) {
      double migrant = design.migrantTake() * (double) Math.max(1, e.hits());
      double control = design.controlTake() * (double) Math.max(1, e.hits());
      if (!e.classes().isEmpty()) {
        migrant = e.classes().stream().filter(c -> "migrant".equals(c.group())).mapToInt(c -> c.take()).sum();
        control = e.classes().stream().filter(c -> "control".equals(c.group())).mapToInt(c -> c.take()).sum();
      }
      eas.merge(e.eaId(), new SampleEa(e.eaId(), e.stratum(), e.teamId(), migrant, control),
          (x, y) -> new SampleEa(x.eaId(), x.stratum(), x.teamId(), x.targetMigrant() + y.targetMigrant(),
              x.targetControl() + y.targetControl()));
    }
    List<String> strata = plan.view().strata().stream().map(SamplingViews.StratumView::id).toList();
    Sample s = new Sample(plan.view().id(), plan.view().frameSha256(), strata, eas, now);
    samples.put(surveyId, s);
    return s;
  }

  /**
   * The coverage view of a survey for an actor: totals, strata, teams and enumerators (within the actor's teams),
   * EAs of one stratum or team when asked, progress per day and alerts.
   */
  public Future<JsonObject> coverage(Principal actor, String surveyId, String stratum, String team) {
    return blocking.run(() -> coverageNow(actor, surveyId, stratum, team));
  }

  JsonObject coverageNow(Principal actor, String surveyId, String stratumFilter, String teamFilter) {
    requireSurvey(surveyId);
    List<TeamView> teams = visibleTeams(actor, surveyId);
    Set<String> teamIds = new LinkedHashSet<>();
    teams.forEach(t -> teamIds.add(t.id()));
    if (teamFilter != null && !teamIds.contains(teamFilter)) {
      throw Problem.invalidField("team", "is not a team of this survey that you can see");
    }
    Sample sample = sample(surveyId);
    if (stratumFilter != null && !sample.strata().contains(stratumFilter)) {
      throw Problem.invalidField("stratum", "is not a stratum of the survey's frozen sample");
    }
    Map<String, String> usernames = new HashMap<>();
    Map<String, String> teamOf = new HashMap<>();
    for (TeamView t : teams) {
      t.enumerators().forEach(m -> {
        usernames.put(m.id(), m.username());
        teamOf.put(m.id(), t.id());
      });
    }
    // a survey-wide viewer reads one cell per stratum and per team; a supervisor one per stratum of each own team
    boolean whole = teamIds.size() == surveys.listTeams(surveyId).size();
    List<String> ids = new ArrayList<>();
    if (whole) {
      sample.strata().forEach(st -> ids.add(HouseholdState.stratumTotalCell(surveyId, st)));
      teamIds.forEach(t -> ids.add(HouseholdState.teamCell(surveyId, t)));
    } else {
      for (String st : sample.strata()) {
        for (String t : teamIds) {
          ids.add(HouseholdState.stratumCell(surveyId, st, t));
        }
      }
    }
    usernames.keySet().forEach(e -> ids.add(HouseholdState.enumeratorCell(surveyId, e)));
    List<SampleEa> shownEas = sample.eas().values().stream().filter(e -> teamIds.contains(e.teamId()))
        .filter(e -> (stratumFilter != null || teamFilter != null)
            && (stratumFilter == null || stratumFilter.equals(e.stratum()))
            && (teamFilter == null || teamFilter.equals(e.teamId()))).toList();
    shownEas.forEach(e -> ids.add(HouseholdState.eaCell(surveyId, e.eaId())));
    Map<String, Cell> cells = new HashMap<>();
    store.cells(ids).forEach(c -> cells.put(c.id(), c));

    // targets per stratum and team, from the EAs of the sample
    Map<String, double[]> targetByStratum = new HashMap<>();
    Map<String, double[]> targetByTeam = new HashMap<>();
    double[] targetTotal = new double[2];
    for (SampleEa e : sample.eas().values()) {
      if (!teamIds.contains(e.teamId())) {
        continue;
      }
      for (double[] t : List.of(targetByStratum.computeIfAbsent(e.stratum(), k -> new double[2]),
          targetByTeam.computeIfAbsent(e.teamId(), k -> new double[2]), targetTotal)) {
        t[0] += e.targetMigrant();
        t[1] += e.targetControl();
      }
    }

    Counts total = new Counts();
    Map<String, Counts> byStratum = new LinkedHashMap<>();
    Map<String, Counts> byTeam = new LinkedHashMap<>();
    Map<String, long[]> progress = new TreeMap<>();
    sample.strata().forEach(s -> byStratum.put(s, new Counts()));
    teams.forEach(t -> byTeam.put(t.id(), new Counts()));
    List<Cell> strataCells = new ArrayList<>();
    for (String st : sample.strata()) {
      if (whole) {
        Cell c = cells.get(HouseholdState.stratumTotalCell(surveyId, st));
        if (c != null) {
          byStratum.get(st).add(c);
          strataCells.add(c);
        }
        continue;
      }
      for (String t : teamIds) {
        Cell c = cells.get(HouseholdState.stratumCell(surveyId, st, t));
        if (c != null) {
          byStratum.get(st).add(c);
          byTeam.get(t).add(c);
          strataCells.add(c);
        }
      }
    }
    if (whole) {
      for (String t : teamIds) {
        Cell c = cells.get(HouseholdState.teamCell(surveyId, t));
        if (c != null) {
          byTeam.get(t).add(c);
        }
      }
    }
    for (Cell c : strataCells) {
      total.add(c);
      c.counters().forEach((path, n) -> {
        if (path.startsWith("prog.")) {
          String[] p = path.split("\\.");
          progress.computeIfAbsent(p[1], k -> new long[2])["migrant".equals(p[2]) ? 0 : 1] += n;
        }
      });
    }
    JsonObject out = new JsonObject().put("surveyId", surveyId).put("generatedAt", Timestamps.format(clock.instant()))
        .put("version", store.versions(List.of(surveyId)).getOrDefault(surveyId, 0L))
        .put("planId", sample.planId()).put("types", new JsonArray(TYPES))
        .put("teamsShown", new JsonArray(new ArrayList<>(teamIds)));
    out.put("total", row(surveyId, "All " + (teams.size() == 1 ? "of " + teams.get(0).name() : "teams"), total,
        targetTotal));
    JsonArray strata = new JsonArray();
    byStratum.forEach((id, c) -> strata.add(row(id, id, c, targetByStratum.getOrDefault(id, new double[2]))));
    out.put("strata", strata);
    JsonArray teamRows = new JsonArray();
    for (TeamView t : teams) {
      teamRows.add(row(t.id(), t.name(), byTeam.get(t.id()), targetByTeam.getOrDefault(t.id(), new double[2])));
    }
    out.put("teams", teamRows);
    JsonArray eaRows = new JsonArray();
    List<JsonObject> alerts = new ArrayList<>();
    Instant now = clock.instant();
    for (SampleEa e : shownEas) {
      Cell c = cells.get(HouseholdState.eaCell(surveyId, e.eaId()));
      Counts counts = new Counts();
      if (c != null) {
        counts.add(c);
      }
      JsonObject row = row(e.eaId(), e.eaId(), counts, new double[] {e.targetMigrant(), e.targetControl()}, false)
          .put("stratum", e.stratum()).put("teamId", e.teamId())
          .put("lastActivityAt", c == null || c.lastAt() == null ? null : Timestamps.format(c.lastAt()));
      eaRows.add(row);
    }
    out.put("eas", eaRows);
    Map<String, Instant> syncs = store.lastSyncs(surveyId, usernames.keySet());
    JsonArray enumerators = new JsonArray();
    for (TeamView t : teams) {
      for (TeamView.Member m : t.enumerators()) {
        Cell c = cells.get(HouseholdState.enumeratorCell(surveyId, m.id()));
        Counts counts = new Counts();
        Map<String, Long> raw = c == null ? Map.of() : c.counters();
        if (c != null) {
          counts.add(c);
        }
        long assigned = counts.all.get("assigned");
        JsonObject row = enumeratorRow(m.id(), m.username(), counts).put("username", m.username())
            .put("teamId", t.id());
        long days = raw.keySet().stream().filter(k -> k.startsWith("days.")).count();
        long interviewsDone = raw.entrySet().stream().filter(k -> k.getKey().startsWith("days."))
            .mapToLong(Map.Entry::getValue).sum();
        long decided = counts.all.get("rejections") + counts.all.get("approvedBySupervisor")
            + counts.all.get("approvedByManager");
        Instant sync = max(syncs.get(m.id()), c == null ? null : c.lastAt());
        row.put("activeDays", days).put("interviewsPerDay", days == 0 ? null : round((double) interviewsDone / days))
            .put("medianMinutes", medianMinutes(raw)).put("lastSyncAt", sync == null ? null : Timestamps.format(sync))
            .put("rejectionRate", decided == 0 ? null : round((double) counts.all.get("rejections") / decided))
            .put("target", new JsonObject().put("migrant", (double) counts.migrant.get("assigned"))
                .put("control", (double) counts.control.get("assigned")))
            .put("assigned", assigned);
        enumerators.add(row);
      }
    }
    out.put("enumerators", enumerators);
    JsonArray days = new JsonArray();
    progress.forEach((day, n) -> days.add(new JsonObject().put("day", day).put("migrant", n[0]).put("control", n[1])));
    out.put("progress", days);

    // alerts: computed from the counters, then those stored when interviews arrived
    for (int i = 0; i < strata.size(); i++) {
      lagging(alerts, "stratum", "stratum " + strata.getJsonObject(i).getString("id"), strata.getJsonObject(i));
    }
    for (int i = 0; i < eaRows.size(); i++) {
      lagging(alerts, "ea", "EA " + eaRows.getJsonObject(i).getString("id"), eaRows.getJsonObject(i));
    }
    inactive(alerts, surveyId, sample, teamIds, now);
    for (CoverageStore.Alert a : store.alerts(surveyId)) {
      if (a.teamId() == null || teamIds.contains(a.teamId())) {
        alerts.add(new JsonObject().put("id", a.id()).put("kind", a.kind()).put("severity", "warning")
            .put("level", a.level()).put("subject", a.subject()).put("message", a.message())
            .put("interviewId", a.interviewId()).put("at", Timestamps.format(a.at())));
      }
    }
    out.put("alerts", new JsonArray(alerts));
    return out;
  }

  /** The control group lagging the migrant groups in a stratum or EA by more than the configured gap. */
  private void lagging(List<JsonObject> alerts, String level, String name, JsonObject row) {
    JsonObject rates = row.getJsonObject("rates");
    Double m = rates.getDouble("completionMigrant");
    Double c = rates.getDouble("completionControl");
    if (m == null || c == null) {
      return;
    }
    double gap = (m - c) * 100;
    if (gap > config.controlGapPercent()) {
      alerts.add(new JsonObject().put("id", "control-lagging|" + level + "|" + row.getString("id"))
          .put("kind", "control-lagging").put("severity", "warning").put("level", level)
          .put("subject", row.getString("id"))
          .put("message", "The control group in " + name + " is at " + Math.round(c * 100) + " % of its target while "
              + "the migrant groups are at " + Math.round(m * 100) + " %: a gap of " + Math.round(gap) + " points (alert"
              + " above " + config.controlGapPercent() + "). Visit the control households before leaving the area, "
              + "or the migrant–control comparison loses its power.")
          .putNull("interviewId").putNull("at"));
    }
  }

  /**
   * EAs with households still to visit and no interview received for the configured number of days. Reading every EA
   * cell of a large survey is the one costly part of a coverage answer, and the alert is about days: it is
   * recomputed at most once a minute.
   */
  private void inactive(List<JsonObject> alerts, String surveyId, Sample sample, Set<String> teamIds, Instant now) {
    String key = surveyId + "|" + String.join(",", teamIds);
    Inactive cached = inactive.get(key);
    if (cached == null || cached.at().plus(Duration.ofMinutes(1)).isBefore(now)) {
      List<JsonObject> found = new ArrayList<>();
      inactiveNow(found, surveyId, sample, teamIds, now);
      cached = new Inactive(found, now);
      inactive.put(key, cached);
    }
    alerts.addAll(cached.alerts());
  }

  private void inactiveNow(List<JsonObject> alerts, String surveyId, Sample sample, Set<String> teamIds,
      Instant now) {
    if (sample.eas().isEmpty()) {
      return;
    }
    // EA cells of all visible EAs: one read by _id, the EAs of a sample number in the thousands at most
    List<String> ids = sample.eas().values().stream().filter(e -> teamIds.contains(e.teamId()))
        .map(e -> HouseholdState.eaCell(surveyId, e.eaId())).toList();
    Instant limit = now.minus(Duration.ofDays(config.inactiveDays()));
    for (Cell c : store.cells(ids)) {
      Counts counts = new Counts();
      counts.add(c);
      Instant last = c.lastAt() != null ? c.lastAt() : c.since();
      if (counts.all.get("notVisited") > 0 && last != null && last.isBefore(limit)) {
        long days = Duration.between(last, now).toDays();
        alerts.add(new JsonObject().put("id", "inactive-ea|" + c.eaId()).put("kind", "inactive-ea")
            .put("severity", "warning").put("level", "ea").put("subject", c.eaId())
            .put("message", "EA " + c.eaId() + " has " + counts.all.get("notVisited") + " household(s) not yet "
                + "visited and " + (c.lastAt() == null ? "no interview since its assignments were made "
                : "no interview received for ") + days + " days (alert after " + config.inactiveDays() + ").")
            .putNull("interviewId").put("at", Timestamps.format(last)));
      }
    }
  }

  /** Counters summed by household type, group and overall (arrays indexed like {@link #TYPES} and {@link #COUNTERS}). */
  static final class Counts {
    private static final int ASSIGNED = COUNTERS.indexOf("assigned");
    private static final int VISITED = COUNTERS.indexOf("visited");
    private static final int NOT_VISITED = COUNTERS.indexOf("notVisited");

    final long[][] byType = new long[TYPES.size()][COUNTERS.size()];
    final long[] migrantCounts = new long[COUNTERS.size()];
    final long[] controlCounts = new long[COUNTERS.size()];
    final long[] allCounts = new long[COUNTERS.size()];
    final Map<String, Long> migrant = view(migrantCounts);
    final Map<String, Long> control = view(controlCounts);
    final Map<String, Long> all = view(allCounts);

    /** Adds a cell as read (its counters by type and index). */
    void add(Cell cell) {
      if (cell.counts() == null) {
        add(cell.counters());
        return;
      }
      for (int t = 0; t < TYPES.size(); t++) {
        long[] from = cell.counts()[t];
        long[] group = t == 3 ? controlCounts : migrantCounts;
        for (int k = 0; k < from.length; k++) {
          byType[t][k] += from[k];
          group[k] += from[k];
          allCounts[k] += from[k];
        }
      }
      notVisited();
    }

    private void notVisited() {
      for (long[] c : new long[][] {byType[0], byType[1], byType[2], byType[3], migrantCounts, controlCounts,
          allCounts}) {
        c[NOT_VISITED] = Math.max(0, c[ASSIGNED] - c[VISITED]);
      }
    }

    void add(Map<String, Long> counters) {
      for (Map.Entry<String, Long> e : counters.entrySet()) {
        String path = e.getKey();
        if (!path.startsWith("c.")) {
          continue;
        }
        int dot = path.indexOf('.', 2);
        if (dot < 0) {
          continue;
        }
        int type = switch (path.substring(2, dot)) {
          case "EMIG" -> 0;
          case "RET" -> 1;
          case "IMM" -> 2;
          case "NON" -> 3;
          default -> -1;
        };
        Integer counter = COUNTER_INDEX.get(path.substring(dot + 1));
        if (type < 0 || counter == null) {
          continue;
        }
        long n = e.getValue();
        byType[type][counter] += n;
        (type == 3 ? controlCounts : migrantCounts)[counter] += n;
        allCounts[counter] += n;
      }
      notVisited();
    }

    /** A read-only view by counter name (for rates and rows). */
    private static Map<String, Long> view(long[] counts) {
      return new java.util.AbstractMap<>() {
        @Override
        public Long get(Object key) {
          Integer i = COUNTER_INDEX.get(key);
          return i == null ? null : counts[i];
        }

        @Override
        public Set<Map.Entry<String, Long>> entrySet() {
          Set<Map.Entry<String, Long>> out = new LinkedHashSet<>();
          for (int i = 0; i < COUNTERS.size(); i++) {
            out.add(Map.entry(COUNTERS.get(i), counts[i]));
          }
          return out;
        }
      };
    }

    Map<String, Map<String, Long>> byTypeViews() {
      Map<String, Map<String, Long>> out = new LinkedHashMap<>();
      for (int t = 0; t < TYPES.size(); t++) {
        out.put(TYPES.get(t), view(byType[t]));
      }
      return out;
    }
  }

  private static JsonObject row(String id, String label, Counts c, double[] target) {
    return row(id, label, c, target, true);
  }

  /** A row; EA and enumerator rows, which can number thousands, leave out the split by household type. */
  private static JsonObject row(String id, String label, Counts c, double[] target, boolean byTypes) {
    JsonObject row = new JsonObject().put("id", id).put("label", label);
    if (byTypes) {
      JsonObject byType = new JsonObject();
      c.byTypeViews().forEach((t, m) -> byType.put(t, json(m)));
      row.put("byType", byType);
    }
    row.put("migrant", json(c.migrant)).put("control", json(c.control)).put("all", json(c.all));
    if (target != null) {
      row.put("target", new JsonObject().put("migrant", target[0]).put("control", target[1]));
    }
    row.put("rates", rates(c, target == null ? new double[] {c.migrant.get("assigned"), c.control.get("assigned")}
        : target));
    return row;
  }

  /**
   * An enumerator's row: all counters, and for each group only what the table compares (a survey has hundreds of
   * enumerators: their rows are most of a survey-wide answer).
   */
  private static JsonObject enumeratorRow(String id, String label, Counts c) {
    JsonObject row = new JsonObject().put("id", id).put("label", label).put("all", json(c.all));
    for (String group : List.of("migrant", "control")) {
      Map<String, Long> g = "migrant".equals(group) ? c.migrant : c.control;
      row.put(group, new JsonObject().put("assigned", g.get("assigned")).put("visited", g.get("visited"))
          .put("complete", g.get("complete")).put("pendingReview", g.get("pendingReview")));
    }
    return row.put("rates", rates(c, new double[] {c.migrant.get("assigned"), c.control.get("assigned")}));
  }

  private static JsonObject json(Map<String, Long> m) {
    JsonObject o = new JsonObject();
    for (String k : COUNTERS) {
      if (!"rejections".equals(k)) {
        o.put(k, m.get(k));
      }
    }
    return o;
  }

  /**
   * AAPOR rates from the counters (docs/monitoring.md): I complete, P partial, R refusal, NC non-contact, O other,
   * NE not eligible or vacant, UH assigned but not visited yet (unknown eligibility).
   */
  static JsonObject rates(Counts c, double[] target) {
    Map<String, Long> a = c.all;
    double i = a.get("complete");
    double p = a.get("partial");
    double r = a.get("refusal");
    double nc = a.get("nonContact");
    double o = a.get("other");
    double ne = a.get("notEligible") + a.get("vacant");
    double uh = a.get("notVisited");
    double eligible = i + p + r + nc + o;
    double e = eligible + ne == 0 ? 1 : eligible / (eligible + ne);
    JsonObject out = new JsonObject();
    out.put("rr1", ratio(i, eligible + uh));
    out.put("rr3", ratio(i, eligible + e * uh));
    out.put("con1", ratio(i + p + r + o, eligible + uh));
    out.put("completionMigrant", ratio(c.migrant.get("complete"), target[0]));
    out.put("completionControl", ratio(c.control.get("complete"), target[1]));
    out.put("balance", ratio(c.migrant.get("complete"), c.control.get("complete")));
    out.put("plannedBalance", ratio(target[0], target[1]));
    return out;
  }

  private static Double ratio(double num, double den) {
    return den <= 0 ? null : round(num / den);
  }

  private static double round(double x) {
    return Math.round(x * 10_000) / 10_000.0;
  }

  /** The median complete-interview length from an enumerator cell's histogram; null below {@value #MIN_DURATIONS}. */
  static Long medianMinutes(Map<String, Long> counters) {
    TreeMap<Long, Long> histogram = new TreeMap<>();
    long n = 0;
    for (Map.Entry<String, Long> e : counters.entrySet()) {
      if (e.getKey().startsWith("dur.") && e.getValue() > 0) {
        histogram.merge(Long.parseLong(e.getKey().substring(4)), e.getValue(), Long::sum);
        n += e.getValue();
      }
    }
    if (n < MIN_DURATIONS) {
      return null;
    }
    long seen = 0;
    for (Map.Entry<Long, Long> e : histogram.entrySet()) {
      seen += e.getValue();
      if (seen * 2 >= n) {
        return e.getKey();
      }
    }
    return null;
  }

  // ---- the review queue

  /** Interviewed households of a survey the actor may see, filtered, most recent first. */
  public Future<JsonObject> queue(Principal actor, String surveyId, String review, String team, String enumerator,
      String ea, int limit) {
    return blocking.run(() -> {
      requireSurvey(surveyId);
      List<TeamView> teams = visibleTeams(actor, surveyId);
      Map<String, String> usernames = new HashMap<>();
      Set<String> teamIds = new LinkedHashSet<>();
      for (TeamView t : teams) {
        teamIds.add(t.id());
        t.enumerators().forEach(m -> usernames.put(m.id(), m.username()));
      }
      List<HouseholdState> list = store.interviewedHouseholds(surveyId).stream()
          .filter(h -> teamIds.contains(h.teamId()))
          .filter(h -> review == null || review.equals(h.review().wire()))
          .filter(h -> team == null || team.equals(h.teamId()))
          .filter(h -> enumerator == null || enumerator.equals(h.enumeratorId())
              || enumerator.equals(usernames.get(h.enumeratorId())))
          .filter(h -> ea == null || ea.equals(h.eaId()))
          .sorted(Comparator.comparing(HouseholdState::receivedAt).reversed()).limit(limit).toList();
      JsonArray out = new JsonArray();
      for (HouseholdState h : list) {
        out.add(new JsonObject().put("interviewId", h.interviewId()).put("revision", h.revision())
            .put("assignmentId", h.assignmentId()).put("householdId", h.householdId()).put("eaId", h.eaId())
            .put("stratum", h.stratum()).put("teamId", h.teamId()).put("enumeratorId", h.enumeratorId())
            .put("enumerator", usernames.get(h.enumeratorId())).put("type", h.type()).put("typeFound", h.typeFound())
            .put("disposition", h.disposition().counter()).put("review", h.review().wire())
            .put("status", h.errors() > 0 ? "quarantined" : "accepted")
            .put("receivedAt", Timestamps.format(h.receivedAt()))
            .put("durationMinutes", h.minutes() < 0 ? null : h.minutes()).put("errors", h.errors()));
      }
      return new JsonObject().put("interviews", out);
    });
  }

  /** Records a sync by a tablet (its enumerator's last sync in the enumerator table). Blocking. */
  public void synced(String surveyId, String enumeratorId) {
    store.touchSync(surveyId, enumeratorId, clock.instant());
  }
}
