package org.fieldsync.server.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.fieldsync.forms.ShippedQuestionnaires;
import org.fieldsync.server.FieldsyncServer;
import org.fieldsync.server.account.Principal;
import org.fieldsync.server.account.Role;
import org.fieldsync.server.http.Problem;
import org.fieldsync.server.http.ProblemType;
import org.fieldsync.server.questionnaire.PublishResult;
import org.fieldsync.server.sampling.SyntheticCensus;
import java.nio.charset.StandardCharsets;

/**
 * Seeds a demo: one account per role (fixed, printed passwords: for a laptop, never for fieldwork), a demo survey
 * with one team, and the shipped questionnaires published. Idempotent: a restart on the same data keeps what is
 * there.
 */
public final class Demo {
  public static final String SURVEY = "demo-migration";
  /** The demo's census frame: the synthetic Republic of Meridia (docs/sampling.md). */
  public static final int FRAME_EAS = 1200;
  public static final long FRAME_SEED = 42;

  /** A demo account: username, password, roles. */
  public record Account(String username, String password, Set<Role> roles) {}

  public static final List<Account> ACCOUNTS = List.of(
      new Account("admin", "admin-demo-pass", EnumSet.of(Role.ADMIN)),
      new Account("manager", "manager-demo-pass", EnumSet.of(Role.MANAGER)),
      new Account("supervisor", "supervisor-demo-pass", EnumSet.of(Role.SUPERVISOR)),
      new Account("enumerator1", "enumerator1-demo-pass", EnumSet.of(Role.ENUMERATOR)),
      new Account("enumerator2", "enumerator2-demo-pass", EnumSet.of(Role.ENUMERATOR)),
      new Account("analyst", "analyst-demo-pass", EnumSet.of(Role.ANALYST)));

  private Demo() {}

  /** Seeds the demo data and returns the questionnaire versions published (new or already there). */
  public static List<PublishResult> seed(FieldsyncServer.Services services) {
    Principal system = Principal.SYSTEM;
    for (Account a : ACCOUNTS) {
      if (services.accounts().store().findByUsername(a.username()).isEmpty()) {
        services.accounts().createNow(system, a.username(), null, a.password(), a.roles());
      }
    }
    try {
      services.surveys().createNow(system, SURVEY, "Demo migration and development household survey",
          "A demonstration survey: household core, listing, migration, transit-migrant and left-behind-children "
              + "modules, on a synthetic country.");
      services.surveys().createTeamNow(system, SURVEY, "Team North", "supervisor",
          List.of("enumerator1", "enumerator2"));
    } catch (Problem p) {
      if (p.type() != ProblemType.SURVEY_EXISTS) {
        throw p;
      }
    }
    List<PublishResult> published = new ArrayList<>();
    for (String id : ShippedQuestionnaires.ids()) {
      published.add(services.questionnaires().publishNow(system, ShippedQuestionnaires.read(id)));
    }
    services.sampling().uploadFrameNow(system, SURVEY, "meridia-census.csv",
        SyntheticCensus.frameCsv(FRAME_EAS, FRAME_SEED).getBytes(StandardCharsets.UTF_8));
    return published;
  }

  static void print(PrintStream out, String baseUrl, List<PublishResult> published) {
    out.println();
    out.println("fieldsync demo is running at " + baseUrl);
    out.println();
    out.println("Demo accounts (for trying fieldsync only; never use these in the field):");
    out.printf("  %-12s %-24s %s%n", "username", "password", "role");
    for (Account a : ACCOUNTS) {
      out.printf("  %-12s %-24s %s%n", a.username(), a.password(),
          a.roles().stream().map(Role::wire).reduce((x, y) -> x + "," + y).orElse(""));
    }
    out.println();
    out.println("Published questionnaires:");
    for (PublishResult r : published) {
      out.printf("  %-10s v%d  sha256 %s%n", r.questionnaire().formId(), r.questionnaire().version(),
          r.questionnaire().sha256().substring(0, 16) + "...");
    }
    out.println();
    out.println("Try: curl -s -X POST " + baseUrl + "/api/v1/auth/login -H 'Content-Type: application/json' "
        + "-d '{\"username\":\"manager\",\"password\":\"manager-demo-pass\"}'");
    out.println("API description: " + baseUrl + "/openapi.yaml");
    out.println("The demo survey '" + SURVEY + "' has the synthetic census of the Republic of Meridia ("
        + FRAME_EAS + " EAs) uploaded: docs/sampling.md walks through plan, freeze, listing and selection.");
    out.println("Unless started with --no-fieldwork, the demo puts the survey in the field: a sample is frozen, 8 EAs"
        + " are listed and two simulated tablets upload sealed interviews every few seconds. Watch them arrive on "
        + "the supervisor page: " + baseUrl + "/ui/ (supervisor / supervisor-demo-pass).");
    out.println("It also simulates a whole second survey, '" + DemoSimulation.SURVEY + "', in slow motion (plan, "
        + "listing, interviews, review, export, estimates; docs/walkthrough.md): log in as "
        + DemoSimulation.SURVEY + "-sup2 / " + DemoSimulation.SURVEY + "-sup2-demo-pass (the team that lets its "
        + "control households slide), or as manager to see both surveys.");
    out.println();
  }
}
