package org.fieldsync.server.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fieldsync.server.TestServer;
import org.fieldsync.server.account.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small simulated survey, end to end over HTTP on the embedded store (issue 7): every stage must have happened
 * and checked out. Whether the estimates' confidence intervals cover the truth in the right share of runs is measured
 * over repeated runs by {@code SimulationRepeatDriver} (docs/performance.md), not here.
 */
class SimulationTest {
  @TempDir
  Path dir;

  @Test
  void aSmallSurveyRunsEndToEndAndEveryStageChecksOut() {
    Path work = System.getProperty("fieldsync.simulation.dir") == null ? dir
        : Path.of(System.getProperty("fieldsync.simulation.dir"));
    try (TestServer server = TestServer.start()) {
      Report report = new Simulation(server.baseUrl(), Simulation.Options.small(work, 7), System.out::println)
          .run(TestServer.username(Role.ADMIN), TestServer.PASSWORD);
      System.out.println(report.toText());
      assertTrue(report.passed(), report::toText);
      List<String> stages = report.checks().stream().map(Report.Check::name).toList();
      for (String stage : List.of("interview rejected", "the rejected interview came back as a new revision",
          "the control-lagging alert fired for the lagging team", "every tablet outbox drained",
          "one receipt per revision sealed", "the server holds every household's latest revision",
          "coverage equals the simulation", "every household's current interview approved",
          "the export has every household's approved interview, once, at its latest revision",
          "the export's weighted total equals the listing total")) {
        assertTrue(stages.contains(stage), "stage not checked: " + stage + "\n" + report.toText());
      }
      Map<String, Number> counts = report.counts();
      for (String happened : List.of("refusals", "non-contacts",
          "households whose type at interview differs from the listing", "tablet-days offline",
          "uploads whose answer was lost after the server stored them (retried)",
          "uploads that failed before reaching the server (retried)")) {
        assertTrue(counts.get(happened).longValue() > 0, happened + " did not happen\n" + report.toText());
      }
      if (ExportRscript.available()) {
        assertEquals(5, report.estimates().size(), report::toText);
        for (Report.Estimate e : report.estimates()) {
          // a gross-error check (wrong weights or a lost stratum would fail it); coverage is measured over runs
          assertTrue(Math.abs(e.estimate() - e.truth()) < 4 * e.se(), () -> e + "\n" + report.toText());
        }
      } else {
        System.out.println("Rscript with package survey is not installed (Debian: r-base-core r-cran-survey): "
            + "the estimates were not checked");
      }
    }
  }

  /** Whether {@code Rscript} with the {@code survey} package runs here. */
  static final class ExportRscript {
    static boolean available() {
      try {
        Process p = new ProcessBuilder("Rscript", "-e", "library(survey)").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
      } catch (java.io.IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
