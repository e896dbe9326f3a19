package org.fieldsync.server.simulation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;
import org.fieldsync.client.Assignment;
import org.fieldsync.client.DrainReport;
import org.fieldsync.client.EnvelopeHeader;
import org.fieldsync.client.InterviewReturned;
import org.fieldsync.client.Receipt;
import org.fieldsync.forms.ShippedQuestionnaires;
import org.fieldsync.server.sampling.SyntheticCensus;

/**
 * A whole survey, end to end, against a running server through its public HTTP API and the tablet library only
 * (docs/walkthrough.md): an admin creates the accounts, the survey and its teams; the survey manager publishes the
 * questionnaires, uploads the census frame and plans and freezes a migrant-and-control design; enumerators enrol
 * tablets, list their EAs and interview the selected households from the synthetic {@link Population} — with
 * refusals, non-contacts, households whose migrant status differs from the listing, tablets offline for a day and
 * uploads whose answer is lost on the way back; one team leaves its control households for later, so the coverage
 * alert fires; a supervisor rejects an interview with a wrong age and the corrected revision comes back; the
 * supervisors approve; an analyst exports, and the export's R script estimates what the population's truth is known
 * for. Every stage is checked and reported ({@link Report}).
 */
public final class Simulation {
  /**
   * What to simulate. {@code takes}: households per take class per PSU ({@code EMIG}, {@code RET}, {@code IMM},
   * {@code NON}); {@code laggingTeam}: the team (1-based, 0 for none) whose control households wait until the alert;
   * {@code lossRate}: share of uploads that fail (half before the server, half after it acted);
   * {@code offlineRate}: chance a tablet has no network on a given day; {@code pace}: pause after each upload (the
   * demo's slow motion; zero to run flat out); {@code rscript}: the R interpreter, or null to skip the estimates;
   * {@code demoPasswords}: the accounts get the demo's printed passwords instead of random ones (a laptop demo only).
   */
  public record Options(String surveyId, long seed, int frameEas, long frameSeed, int totalPsus,
      Map<String, Integer> takes, int teams, int enumeratorsPerTeam, int interviewsPerDay, int laggingTeam,
      double lossRate, double offlineRate, Duration pace, Path workDir, String rscript, boolean demoPasswords) {
    /** A small survey: a few minutes at most on a laptop, seconds on the embedded store. */
    public static Options small(Path workDir, long seed) {
      return new Options("sim-" + seed, seed, 600, 42, 60, Map.of("EMIG", 2, "RET", 2, "IMM", 2, "NON", 3), 2, 2,
          12, 2, 0.08, 0.2, Duration.ZERO, workDir, "Rscript", false);
    }

    public Options withSurvey(String id) {
      return new Options(id, seed, frameEas, frameSeed, totalPsus, takes, teams, enumeratorsPerTeam,
          interviewsPerDay, laggingTeam, lossRate, offlineRate, pace, workDir, rscript, demoPasswords);
    }

    public Options withSize(int eas, int psus, Map<String, Integer> takeClasses) {
      return new Options(surveyId, seed, eas, frameSeed, psus, takeClasses, teams, enumeratorsPerTeam,
          interviewsPerDay, laggingTeam, lossRate, offlineRate, pace, workDir, rscript, demoPasswords);
    }

    public Options withTeams(int teamCount, int perTeam) {
      return new Options(surveyId, seed, frameEas, frameSeed, totalPsus, takes, teamCount, perTeam,
          interviewsPerDay, laggingTeam, lossRate, offlineRate, pace, workDir, rscript, demoPasswords);
    }

    public Options withPace(Duration p) {
      return new Options(surveyId, seed, frameEas, frameSeed, totalPsus, takes, teams, enumeratorsPerTeam,
          interviewsPerDay, laggingTeam, lossRate, offlineRate, p, workDir, rscript, demoPasswords);
    }

    public Options withRscript(String r) {
      return new Options(surveyId, seed, frameEas, frameSeed, totalPsus, takes, teams, enumeratorsPerTeam,
          interviewsPerDay, laggingTeam, lossRate, offlineRate, pace, workDir, r, demoPasswords);
    }

    /** Accounts get the demo's printed passwords ({@code <username>-demo-pass}) instead of random ones. */
    public Options withDemoPasswords() {
      return new Options(surveyId, seed, frameEas, frameSeed, totalPsus, takes, teams, enumeratorsPerTeam,
          interviewsPerDay, laggingTeam, lossRate, offlineRate, pace, workDir, rscript, true);
    }
  }

  private final HttpApi api;
  private final Options o;
  private final Consumer<String> log;
  private final SplittableRandom random;
  private final Population population;
  private final Report report = new Report();
  private final SecureRandom secrets = new SecureRandom();

  // who is who
  private final Map<String, String> passwords = new HashMap<>();
  private final List<Team> teams = new ArrayList<>();
  private String manager;
  private String analyst;
  private String planId;
  private final Map<String, JsonObject> sampleEas = new LinkedHashMap<>();

  /** One team: its supervisor and tablets. */
  private record Team(int number, String supervisor, List<Tablet> tablets) {}

  /** The simulation's own record of one household interviewed (its latest revision). */
  private record Done(String interviewId, int revision, String assignmentId, String team, int outcome,
      String typeListed, String typeFound) {}

  private final Map<String, Done> done = new LinkedHashMap<>(); // by assignment

  public Simulation(String baseUrl, Options options, Consumer<String> log) {
    this.api = new HttpApi(baseUrl);
    this.o = options;
    this.log = log;
    this.random = new SplittableRandom(options.seed());
    this.population = new Population(SyntheticCensus.frame(options.frameEas(), options.frameSeed()),
        options.seed());
  }

  /** Runs the whole survey as the admin {@code adminUser}. */
  public Report run(String adminUser, String adminPassword) {
    try {
      Files.createDirectories(o.workDir());
      String admin = api.login(adminUser, adminPassword);
      setUp(admin);
      plan();
      List<Tablet> tablets = enrol();
      listing(tablets);
      fieldwork(tablets);
      review();
      export();
      tablets.forEach(Tablet::close);
      report.check("every stage ran", true, "the survey went from plan to estimates");
      return report;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- the admin and the manager

  private void setUp(String admin) {
    String s = o.surveyId();
    manager = account(admin, s + "-manager", "manager");
    analyst = account(admin, s + "-analyst", "analyst");
    api.call("POST", "/api/v1/surveys", admin, new JsonObject().put("id", s)
        .put("name", "Simulated migration survey (seed " + o.seed() + ")")
        .put("description", "A simulated survey of the synthetic Republic of Meridia (fieldsync simulate)."));
    for (int t = 1; t <= o.teams(); t++) {
      String supervisor = account(admin, s + "-sup" + t, "supervisor");
      JsonArray enumerators = new JsonArray();
      List<Tablet> tablets = new ArrayList<>();
      for (int k = 1; k <= o.enumeratorsPerTeam(); k++) {
        String e = account(admin, s + "-enum" + t + k, "enumerator");
        enumerators.add(e);
        tablets.add(new Tablet(api.base(), e, o.workDir().resolve("tablets").resolve(e).toFile(), o.lossRate(),
            random.nextLong()));
      }
      api.call("POST", "/api/v1/surveys/" + s + "/teams", admin, new JsonObject().put("name", "Team " + t)
          .put("supervisor", supervisor).put("enumerators", enumerators));
      teams.add(new Team(t, supervisor, tablets));
    }
    log.accept("survey " + s + ": " + o.teams() + " teams of " + o.enumeratorsPerTeam()
        + " enumerators, a manager, an analyst");
    String token = login(manager);
    int published = 0;
    for (String id : ShippedQuestionnaires.ids()) {
      api.send("POST", "/api/v1/questionnaires", token, new String(ShippedQuestionnaires.read(id),
          StandardCharsets.UTF_8), "application/json");
      published++;
    }
    report.count("questionnaires published", published);
  }

  private String account(String admin, String username, String role) {
    byte[] b = new byte[18];
    secrets.nextBytes(b);
    String password = o.demoPasswords() ? username + "-demo-pass" : Base64.getUrlEncoder().withoutPadding()
        .encodeToString(b);
    api.call("POST", "/api/v1/users", admin, new JsonObject().put("username", username).put("password", password)
        .put("roles", new JsonArray().add(role)));
    passwords.put(username, password);
    return username;
  }

  private String login(String username) {
    return api.login(username, passwords.get(username));
  }

  private String survey() {
    return "/api/v1/surveys/" + o.surveyId();
  }

  private void plan() {
    String token = login(manager);
    String sha = api.send("POST", survey() + "/frames?name=meridia-census.csv", token,
        SyntheticCensus.frameCsv(o.frameEas(), o.frameSeed()), "text/csv").json().getString("sha256");
    JsonObject takes = new JsonObject();
    o.takes().forEach(takes::put);
    JsonArray migrantTypes = new JsonArray();
    List.of("EMIG", "RET", "IMM").stream().filter(o.takes()::containsKey).forEach(migrantTypes::add);
    planId = api.call("POST", survey() + "/plans", token, new JsonObject().put("frameSha256", sha)
        .put("design", new JsonObject().put("cutoffs", new JsonArray().add(0.05).add(0.15))
            .put("classLabels", new JsonArray().add("LOW").add("MED").add("HIGH")).put("totalPsus", o.totalPsus())
            .put("migrantTypes", migrantTypes).put("takes", takes))
        .put("seed", o.seed())).json().getString("id");
    api.call("POST", survey() + "/plans/" + planId + "/freeze", token, null);
    for (Object e : api.get(survey() + "/plans/" + planId + "/eas", token).jsonArray()) {
      JsonObject ea = (JsonObject) e;
      sampleEas.put(ea.getString("eaId"), ea);
    }
    report.count("EAs in the frame", o.frameEas());
    report.count("EAs selected", sampleEas.size());
    log.accept("plan " + planId + " frozen: " + sampleEas.size() + " EAs selected from " + o.frameEas());
  }

  // ---- enumerators and their tablets

  private List<Tablet> enrol() {
    List<Tablet> all = new ArrayList<>();
    for (Team t : teams) {
      String token = login(t.supervisor());
      for (Tablet tablet : t.tablets()) {
        String code = api.call("POST", survey() + "/enrolments", token,
            new JsonObject().put("enumerator", tablet.enumerator())).json().getString("code");
        tablet.enrol(code);
        tablet.pull();
        all.add(tablet);
      }
    }
    report.count("tablets enrolled", all.size());
    return all;
  }

  private Team teamOf(Tablet tablet) {
    return teams.stream().filter(t -> t.tablets().contains(tablet)).findFirst().orElseThrow();
  }

  /** Each tablet lists its EAs; the team supervisor sends the listing forms to the server, which selects. */
  private void listing(List<Tablet> tablets) {
    int listed = 0;
    int households = 0;
    for (Tablet tablet : tablets) {
      String token = login(teamOf(tablet).supervisor());
      for (Assignment a : List.copyOf(tablet.assignments().values())) {
        if (!"listing".equals(a.formId())) {
          continue;
        }
        List<Population.Household> found = population.households(a.eaId());
        if (found.isEmpty()) {
          report.note("EA " + a.eaId() + " has no household (uninhabited): nothing to list");
          continue;
        }
        JsonArray forms = new JsonArray();
        found.forEach(h -> forms.add(Answers.listing(h)));
        JsonObject ea = sampleEas.get(a.eaId());
        api.send("PUT", survey() + "/plans/" + planId + "/eas/" + ea.getString("psuId") + "/listing", token,
            new JsonObject().put("households", forms).encode(), "application/json");
        listed++;
        households += found.size();
      }
    }
    tablets.forEach(Tablet::pull);
    String token = login(manager);
    sampleEas.clear();
    for (Object e : api.get(survey() + "/plans/" + planId + "/eas", token).jsonArray()) {
      sampleEas.put(((JsonObject) e).getString("eaId"), (JsonObject) e);
    }
    int assigned = tablets.stream().mapToInt(t -> (int) t.assignments().values().stream()
        .filter(a -> !"listing".equals(a.formId())).count()).sum();
    report.count("EAs listed", listed);
    report.count("households listed", households);
    report.count("households assigned", assigned);
    log.accept(listed + " EAs listed (" + households + " households), " + assigned + " households selected");
  }

  // ---- fieldwork

  private void fieldwork(List<Tablet> tablets) throws IOException {
    Map<Tablet, List<Assignment>> queues = new LinkedHashMap<>();
    int total = 0;
    for (Tablet t : tablets) {
      List<Assignment> q = new ArrayList<>();
      t.assignments().values().stream().filter(a -> !"listing".equals(a.formId())).forEach(q::add);
      shuffle(q);
      if (teamOf(t).number() == o.laggingTeam()) { // control households last
        q.sort((x, y) -> Boolean.compare(control(x), control(y)));
      }
      queues.put(t, q);
      total += q.size();
    }
    LocalDate day = LocalDate.of(2026, 10, 5);
    String slipped = null; // the interview with a wrong age, rejected by the supervisor
    Tablet slipper = null;
    boolean alertChecked = false;
    int uploaded = 0;
    int offlineDays = 0;
    while (queues.values().stream().anyMatch(q -> !q.isEmpty()) || tablets.stream().anyMatch(t -> t.pending() > 0)
        || (slipped != null && !report.checked("the rejected interview came back as a new revision"))) {
      for (Tablet t : tablets) {
        List<Assignment> q = queues.get(t);
        boolean lagging = teamOf(t).number() == o.laggingTeam() && !alertChecked;
        for (int n = 0; n < o.interviewsPerDay() && !q.isEmpty(); n++) {
          if (lagging && control(q.get(0))) {
            break; // this team leaves its control households for later
          }
          Assignment a = q.remove(0);
          boolean slip = slipped == null && teamOf(t).number() == 1;
          Done d = interview(t, a, day, slip);
          if (slip && d.outcome() == Answers.COMPLETE) {
            slipped = d.interviewId();
            slipper = t;
          }
        }
        for (InterviewReturned r : t.takeReturned()) {
          correct(t, r, day);
        }
        if (random.nextDouble() < o.offlineRate() && q.size() > 0) {
          offlineDays++;
          continue; // no network today: the interviews wait in the outbox
        }
        DrainReport drained = t.sync();
        uploaded += drained.delivered().size();
        if (!drained.failed().isEmpty()) {
          throw new IllegalStateException("uploads refused: " + drained.failed());
        }
        t.pull();
        pace(drained.delivered().size());
      }
      int visited = done.size();
      if (!alertChecked && (visited >= total * 0.6 || queues.values().stream().allMatch(List::isEmpty))) {
        alertChecked = true;
        checkAlert();
      }
      if (slipped != null && !report.checked("interview rejected")) {
        reject(slipped, slipper);
      }
      day = day.plusDays(1);
      if (day.isAfter(LocalDate.of(2027, 6, 1))) {
        throw new IllegalStateException("fieldwork did not finish: " + done.size() + " of " + total);
      }
    }
    int lost = 0;
    int refusedBefore = 0;
    for (Tablet t : tablets) {
      lost += t.failures()[1];
      refusedBefore += t.failures()[0];
    }
    report.count("interview revisions uploaded", uploaded);
    report.count("uploads that failed before reaching the server (retried)", refusedBefore);
    report.count("uploads whose answer was lost after the server stored them (retried)", lost);
    report.count("tablet-days offline", offlineDays);
    report.count("fieldwork days", (int) (day.toEpochDay() - LocalDate.of(2026, 10, 5).toEpochDay()));
    report.check("every tablet outbox drained", tablets.stream().allMatch(t -> t.pending() == 0),
        "envelopes still waiting: " + tablets.stream().mapToInt(Tablet::pending).sum());
    report.check("every assigned household visited", done.size() == total, done.size() + " of " + total);
    checkNothingLost(tablets);
    checkCoverage();
  }

  private static boolean control(Assignment a) {
    return "NON".equals(a.householdType());
  }

  private void shuffle(List<Assignment> q) {
    for (int i = q.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Assignment x = q.get(i);
      q.set(i, q.get(j));
      q.set(j, x);
    }
  }

  private void pace(int uploads) {
    if (!o.pace().isZero() && uploads > 0) {
      try {
        Thread.sleep(o.pace().toMillis() * uploads);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** The enumerator visits one household and seals what happened. */
  private Done interview(Tablet t, Assignment a, LocalDate day, boolean slip) {
    Population.Household h = household(a);
    SyntheticCensus.Ea ea = population.ea(a.eaId());
    // response depends on the area and the take class only (the adjustment cells can then remove its bias)
    double respond = (ea.domain().endsWith("-U") ? 0.84 : 0.91) - (control(a) ? 0.04 : 0);
    double draw = random.nextDouble();
    int outcome = draw < respond ? Answers.COMPLETE : draw < respond + (1 - respond) * 0.55 ? Answers.REFUSAL
        : Answers.NON_CONTACT;
    JsonObject answers = Answers.household(h, ea, outcome, day, random.split(), slip);
    Instant start = day.atTime(8 + random.nextInt(8), random.nextInt(60)).toInstant(ZoneOffset.UTC);
    int minutes = outcome == Answers.COMPLETE ? 25 + random.nextInt(40) : 3 + random.nextInt(5);
    String found = outcome == Answers.COMPLETE ? h.type() : null;
    EnvelopeHeader header = t.header(a).interviewId(UUID.randomUUID().toString()).revision(1)
        .disposition(outcome == Answers.COMPLETE ? "completed" : outcome == Answers.REFUSAL ? "refused"
            : "not-at-home").householdTypeFound(found).startedAt(start).endedAt(start.plusSeconds(60L * minutes))
        .build();
    t.seal(header, answers.encode().getBytes(StandardCharsets.UTF_8));
    Done d = new Done(header.interviewId(), 1, a.assignmentId(), "Team " + teamOf(t).number(), outcome,
        a.householdType(), found);
    done.put(a.assignmentId(), d);
    return d;
  }

  private Population.Household household(Assignment a) {
    int line = new JsonObject(a.preloadJson()).getInteger("listingLine");
    return population.households(a.eaId()).get(line - 1);
  }

  /** The enumerator reopens an interview sent back, corrects it and seals the next revision. */
  private void correct(Tablet t, InterviewReturned r, LocalDate day) {
    Assignment a = t.assignments().get(r.assignmentId());
    Done before = done.get(r.assignmentId());
    Population.Household h = household(a);
    JsonObject answers = Answers.household(h, population.ea(a.eaId()), before.outcome(), day.minusDays(1),
        random.split(), false);
    Instant start = day.atTime(9, 0).toInstant(ZoneOffset.UTC);
    EnvelopeHeader header = t.header(a).interviewId(r.interviewId()).revision(r.nextRevision())
        .disposition("completed").householdTypeFound(before.typeFound()).startedAt(start)
        .endedAt(start.plusSeconds(1800)).build();
    t.seal(header, answers.encode().getBytes(StandardCharsets.UTF_8));
    done.put(a.assignmentId(), new Done(r.interviewId(), r.nextRevision(), a.assignmentId(), before.team(),
        before.outcome(), before.typeListed(), before.typeFound()));
    report.check("the rejected interview came back as a new revision", true,
        "interview " + r.interviewId() + " revision " + r.nextRevision() + " sealed after comments "
            + r.comments().size());
  }

  // ---- the supervisor

  /** The lagging team's supervisor looks at the team's coverage: the control-lagging alert must be there. */
  private void checkAlert() {
    if (o.laggingTeam() < 1) {
      return;
    }
    Team team = teams.get(o.laggingTeam() - 1);
    String token = login(team.supervisor());
    JsonObject coverage = api.get(survey() + "/coverage?team=" + teamIdOf(o.laggingTeam()), token).json();
    List<String> fired = new ArrayList<>();
    for (Object a : coverage.getJsonArray("alerts", new JsonArray())) {
      String id = ((JsonObject) a).getString("id", "");
      if (id.startsWith("control-lagging|ea|")) {
        fired.add(id.substring("control-lagging|ea|".length()));
      }
    }
    report.count("control-lagging alerts on the lagging team's EAs", fired.size());
    report.check("the control-lagging alert fired for the lagging team", !fired.isEmpty(),
        fired.size() + " of its EAs flagged" + (fired.isEmpty() ? "" : ", e.g. " + fired.get(0)));
    log.accept("coverage checked while team " + o.laggingTeam() + " lags: control-lagging alerts on " + fired.size()
        + " EAs; the team now visits its control households");
  }

  private String teamIdOf(int number) {
    for (Object t : api.get(survey() + "/teams", login(teams.get(number - 1).supervisor())).jsonArray()) {
      if (("Team " + number).equals(((JsonObject) t).getString("name"))) {
        return ((JsonObject) t).getString("id");
      }
    }
    throw new IllegalStateException("no Team " + number);
  }

  /** The supervisor opens the interview, sees the head's age is wrong and sends it back with a comment. */
  private void reject(String interviewId, Tablet tablet) {
    Team team = teamOf(tablet);
    String token = login(team.supervisor());
    JsonObject detail;
    try {
      detail = api.get(survey() + "/interviews/" + interviewId, token).json();
    } catch (HttpApi.CallFailed e) {
      if (e.status() == 404) {
        return; // not uploaded yet (the tablet was offline): tomorrow
      }
      throw e;
    }
    int revision = detail.getInteger("revision", 1);
    api.call("POST", survey() + "/interviews/" + interviewId + "/review", token, new JsonObject()
        .put("decision", "reject").put("revision", revision)
        .put("comment", "The head's age (line 1) cannot be right for this household: please check it with them."));
    report.check("interview rejected", true, "interview " + interviewId + " revision " + revision
        + " rejected by " + team.supervisor());
  }

  private void review() {
    int approved = 0;
    for (Team t : teams) {
      String token = login(t.supervisor());
      while (true) {
        JsonArray pending = api.get(survey() + "/interviews?review=pendingReview&limit=500", token).json()
            .getJsonArray("interviews");
        if (pending.isEmpty()) {
          break;
        }
        JsonArray items = new JsonArray();
        pending.forEach(i -> items.add(new JsonObject().put("interviewId", ((JsonObject) i).getString("interviewId"))
            .put("revision", ((JsonObject) i).getInteger("revision"))));
        api.call("POST", survey() + "/reviews", token, new JsonObject().put("decision", "approve")
            .put("interviews", items));
        approved += items.size();
      }
    }
    report.count("interviews approved", approved);
    report.check("every household's current interview approved", approved == done.size(),
        approved + " approved of " + done.size());
  }

  // ---- checks

  /** Every receipt a tablet holds is an interview revision the server has, exactly once. */
  private void checkNothingLost(List<Tablet> tablets) {
    Set<String> receipts = new HashSet<>();
    int count = 0;
    for (Tablet t : tablets) {
      for (Receipt r : t.receipts()) {
        receipts.add(r.interviewId() + "#" + r.revision());
        count++;
      }
    }
    String token = login(manager);
    Set<String> current = new HashSet<>();
    int stored = 0;
    for (String ea : sampleEas.keySet()) { // the queue answers at most 1,000 at a time: EA by EA
      for (Object i : api.get(survey() + "/interviews?limit=1000&ea=" + ea, token).json().getJsonArray("interviews")) {
        current.add(((JsonObject) i).getString("interviewId") + "#" + ((JsonObject) i).getInteger("revision"));
        stored++;
      }
    }
    Set<String> expected = new HashSet<>();
    done.values().forEach(d -> expected.add(d.interviewId() + "#" + d.revision()));
    report.count("receipts held by the tablets", count);
    report.check("one receipt per revision sealed", receipts.size() == count && count == done.size()
        + (int) done.values().stream().filter(d -> d.revision() > 1).count(),
        count + " receipts, " + receipts.size() + " distinct");
    report.check("the server holds every household's latest revision", current.equals(expected),
        stored + " current interviews on the server, " + expected.size() + " simulated");
  }

  /** The coverage figures equal what the simulation did. */
  private void checkCoverage() {
    String token = login(manager);
    JsonObject total = api.get(survey() + "/coverage", token).json().getJsonObject("total").getJsonObject("all");
    long complete = done.values().stream().filter(d -> d.outcome() == Answers.COMPLETE).count();
    long refusal = done.values().stream().filter(d -> d.outcome() == Answers.REFUSAL).count();
    long nonContact = done.values().stream().filter(d -> d.outcome() == Answers.NON_CONTACT).count();
    long changed = done.values().stream().filter(d -> d.typeFound() != null && !d.typeFound().equals(d.typeListed()))
        .count();
    report.count("complete interviews", complete);
    report.count("refusals", refusal);
    report.count("non-contacts", nonContact);
    report.count("households whose type at interview differs from the listing", changed);
    report.check("coverage equals the simulation", total.getLong("complete") == complete
        && total.getLong("refusal") == refusal && total.getLong("nonContact") == nonContact
        && total.getLong("typeChanged") == changed && total.getLong("visited") == done.size(),
        "coverage: complete " + total.getLong("complete") + ", refusal " + total.getLong("refusal")
            + ", nonContact " + total.getLong("nonContact") + ", typeChanged " + total.getLong("typeChanged")
            + ", visited " + total.getLong("visited"));
  }

  // ---- the analyst

  private void export() throws IOException {
    String token = login(analyst);
    JsonObject job = api.call("POST", survey() + "/exports", token, new JsonObject()).json();
    String id = job.getString("id");
    long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
    while (!"done".equals(job.getString("state"))) {
      if ("failed".equals(job.getString("state")) || System.nanoTime() > deadline) {
        throw new IllegalStateException("the export did not finish: " + job.encode());
      }
      sleep(200);
      job = api.get(survey() + "/exports/" + id, token).json();
    }
    Path zip = o.workDir().resolve("export.zip");
    api.download(survey() + "/exports/" + id + "/file", token, zip);
    Path dir = o.workDir().resolve("export");
    Unzip.into(zip, dir);
    report.path("export", dir);
    checkExport(dir);
    if (o.rscript() != null) {
      Estimates.run(o.rscript(), dir, population.truth(), report);
    }
  }

  private void checkExport(Path dir) throws IOException {
    List<Map<String, String>> households = Records.of(Files.readString(dir.resolve("household.csv")));
    List<Map<String, String>> sample = Records.of(Files.readString(dir.resolve("sample.csv")));
    Map<String, Map<String, String>> byInterview = new HashMap<>();
    households.forEach(r -> byInterview.put(r.get("interview_id"), r));
    boolean all = done.values().stream().allMatch(d -> {
      Map<String, String> row = byInterview.get(d.interviewId());
      return row != null && Integer.parseInt(row.get("revision")) == d.revision()
          && Integer.parseInt(row.get("outcome")) == d.outcome();
    });
    report.count("household rows exported", households.size());
    report.check("the export has every household's approved interview, once, at its latest revision",
        all && households.size() == done.size(), households.size() + " rows for " + done.size() + " households");
    // the weighted total of the sample equals the listing total: Σ over listed EAs of households listed in the
    // sampled take classes × hits / π1
    double listingTotal = 0;
    for (JsonObject ea : sampleEas.values()) {
      for (Object c : ea.getJsonArray("classes", new JsonArray())) {
        listingTotal += ((JsonObject) c).getInteger("listed") * ea.getInteger("hits") / ea.getDouble("pi1");
      }
    }
    double weighted = sample.stream().mapToDouble(r -> Double.parseDouble(r.get("weight_base"))).sum();
    report.value("listing total (households, from the plan)", listingTotal);
    report.value("weighted total of the sample (Σ weight_base)", weighted);
    report.check("the export's weighted total equals the listing total",
        Math.abs(weighted - listingTotal) <= 1e-9 * listingTotal, weighted + " vs " + listingTotal);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
