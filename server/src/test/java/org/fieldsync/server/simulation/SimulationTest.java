package org.fieldsync.server.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
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

  @Test
  void aTakeOfOneHouseholdStillGivesEveryHouseholdADesignRCanUse() throws Exception {
    try (TestServer server = TestServer.start()) {
      Simulation.Options options = Simulation.Options.small(dir, 6).withSize(600, 60,
          Map.of("EMIG", 1, "RET", 1, "IMM", 1, "NON", 2));
      Report report = new Simulation(server.baseUrl(), options, System.out::println)
          .run(TestServer.username(Role.ADMIN), TestServer.PASSWORD);
      System.out.println(report.toText());
      // certainty EAs with one household taken of a class give variance strata of one PSU (SPEC section 8)
      String manifest = Files.readString(dir.resolve("export/manifest.json"));
      assertTrue(manifest.contains("has a single PSU (a take of 1 in a certainty EA)"), manifest);
      assertTrue(Files.readString(dir.resolve("export/import.R"))
          .contains("options(survey.lonely.psu = \"adjust\")\ndesign <- svydesign("));
      List<String> households = Files.readAllLines(dir.resolve("export/household.csv"));
      assertTrue(households.get(0).startsWith("interview_id,revision,form_version,assignment_id,stratum,ea,psu,"
          + "var_stratum,var_psu,"), households.get(0));
      for (String line : households.subList(1, households.size())) {
        String[] cells = line.split(",", 10);
        assertFalse(cells[7].isEmpty() || cells[8].isEmpty(), line); // every household has its variance stratum, PSU
      }
      assertTrue(report.passed(), report::toText); // with R installed: import.R and estimates.R ran
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
