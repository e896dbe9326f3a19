package org.fieldsync.server.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.fieldsync.server.TestServer;
import org.fieldsync.server.account.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationTest {
  @TempDir
  Path dir;

  @Test
  void aSmallSurveyRunsEndToEndAndEveryStageChecksOut() {
    try (TestServer server = TestServer.start()) {
      Path work = System.getProperty("fieldsync.simulation.dir") == null ? dir
          : Path.of(System.getProperty("fieldsync.simulation.dir"));
      Report report = new Simulation(server.baseUrl(), Simulation.Options.small(work, 7), System.out::println)
          .run(TestServer.username(Role.ADMIN), TestServer.PASSWORD);
      System.out.println(report.toText());
      assertTrue(report.passed(), report::toText);
    }
  }
}
