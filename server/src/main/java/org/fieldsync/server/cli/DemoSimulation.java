package org.fieldsync.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.fieldsync.server.simulation.HttpApi;
import org.fieldsync.server.simulation.Report;
import org.fieldsync.server.simulation.Simulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's second survey: the whole simulated survey ({@link Simulation}, docs/walkthrough.md) run in slow motion
 * on survey {@value #SURVEY}, so a newcomer sees it go from plan to fieldwork on the supervisor page, then to review,
 * the export and the estimates. Its accounts get the demo's printed passwords ({@code <username>-demo-pass}). Runs
 * once: a restart on the same data leaves the finished survey as it is.
 */
final class DemoSimulation implements Runnable {
  static final String SURVEY = "meridia";
  private static final Logger LOG = LoggerFactory.getLogger(DemoSimulation.class);
  private final String baseUrl;
  private final Path workDir;

  private DemoSimulation(String baseUrl, Path workDir) {
    this.baseUrl = baseUrl;
    this.workDir = workDir;
  }

  /** Starts the simulation on a daemon thread, which it returns (interrupt it to stop the simulation early). */
  static Thread start(String baseUrl, Path dataDir) {
    Path dir = (dataDir == null ? Path.of("fieldsync-demo-data") : dataDir).resolve("simulation");
    Thread t = new Thread(new DemoSimulation(baseUrl, dir), "fieldsync-demo-simulation");
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Override
  public void run() {
    try {
      HttpApi api = new HttpApi(baseUrl);
      String admin = api.login("admin", "admin-demo-pass");
      try {
        api.get("/api/v1/surveys/" + SURVEY, admin);
        LOG.info("The simulated survey '{}' ran before; its report is in {}", SURVEY, workDir.resolve("report.txt"));
        return;
      } catch (HttpApi.CallFailed e) {
        if (e.status() != 404) {
          throw e;
        }
      }
      Simulation.Options options = Simulation.Options.small(workDir, 2026).withSurvey(SURVEY)
          .withPace(Duration.ofMillis(800)).withDemoPasswords();
      LOG.info("Simulating a whole survey '{}' in slow motion: watch it at {}/ui/ as {}-sup2 / {}-sup2-demo-pass",
          SURVEY, baseUrl, SURVEY, SURVEY);
      Report report = new Simulation(baseUrl, options, line -> LOG.info("simulation: {}", line))
          .run("admin", "admin-demo-pass");
      Files.writeString(workDir.resolve("report.txt"), report.toText());
      LOG.info("The simulated survey '{}' is finished ({}): {}", SURVEY, report.passed() ? "every check held"
          : "a check FAILED", workDir.resolve("report.txt"));
    } catch (RuntimeException | java.io.IOException e) {
      LOG.warn("The demo simulation stopped: {}", e.toString());
    }
  }
}
