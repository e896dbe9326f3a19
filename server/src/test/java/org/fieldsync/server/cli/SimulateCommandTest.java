package org.fieldsync.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.fieldsync.server.TestServer;
import org.fieldsync.server.account.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fieldsync simulate} when the server refuses a step: the problem, said plainly, and exit code 1. */
class SimulateCommandTest {
  @TempDir Path dir;

  @Test
  void aPlanTheServerRefusesIsReportedWithItsCodeAndNoStackTrace() {
    InputStream in = System.in;
    PrintStream err = System.err;
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    try (TestServer server = TestServer.start()) {
      System.setIn(new ByteArrayInputStream((TestServer.PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)));
      System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
      // 30 PSUs cannot give each of the frame's strata its lower bound of 2
      int exit = new CommandLine(new SimulateCommand()).execute("--url", server.baseUrl(), "--username",
          TestServer.username(Role.ADMIN), "--password-stdin", "--eas", "400", "--psus", "30", "--rscript", "none",
          "--work-dir", dir.toString());
      assertEquals(1, exit);
    } finally {
      System.setIn(in);
      System.setErr(err);
    }
    String said = errors.toString(StandardCharsets.UTF_8);
    assertTrue(said.contains("simulate: POST /api/v1/surveys/sim-1/plans answered 422") && said.contains("plan.invalid")
        && said.contains("lower bounds"), said);
    assertFalse(said.contains("\tat "), said);
  }
}
