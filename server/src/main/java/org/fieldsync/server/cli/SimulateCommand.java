package org.fieldsync.server.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fieldsync.server.simulation.HttpApi;
import org.fieldsync.server.simulation.Report;
import org.fieldsync.server.simulation.Simulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fieldsync simulate}: runs a whole simulated survey against a running server through its public API and the
 * tablet library (docs/walkthrough.md), prints what happened and what it checked, and writes the report as JSON.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Simulate a whole survey against a running server: accounts and teams, questionnaires, a frozen "
        + "migrant/control sample of a synthetic country, tablets that list and interview (with nonresponse, "
        + "offline days and lost answers), supervision, the export and R estimates compared with the population's "
        + "truth. Needs an admin account. Exits 1 if a check fails or the server refuses a step (its problem is "
        + "printed).")
public final class SimulateCommand implements Callable<Integer> {
  @Option(names = "--url", defaultValue = "http://localhost:8080", description = "The server (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--username", required = true, description = "An admin account (it creates the survey's accounts).")
  String username;

  @Option(names = "--password-stdin", description = "Read the password from standard input (else "
      + "FIELDSYNC_PASSWORD, else a prompt).")
  boolean passwordStdin;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the population, the sample and the fieldwork "
      + "(default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--survey", description = "Id of the survey to create (default: sim-<seed>).")
  String survey;

  @Option(names = "--eas", defaultValue = "1200", description = "EAs in the synthetic census frame (default: "
      + "${DEFAULT-VALUE}).")
  int eas;

  @Option(names = "--psus", defaultValue = "80", description = "EAs to select (default: ${DEFAULT-VALUE}).")
  int psus;

  @Option(names = "--takes", defaultValue = "EMIG=3,RET=2,IMM=2,NON=5", split = ",",
      description = "Households per take class per EA (default: ${DEFAULT-VALUE}).")
  Map<String, Integer> takes = new LinkedHashMap<>();

  @Option(names = "--teams", defaultValue = "3", description = "Teams (default: ${DEFAULT-VALUE}).")
  int teams;

  @Option(names = "--enumerators", defaultValue = "3", description = "Enumerators per team (default: "
      + "${DEFAULT-VALUE}).")
  int enumerators;

  @Option(names = "--pace", defaultValue = "0", description = "Milliseconds to pause after each upload, to watch "
      + "the survey on the supervisor page (default: ${DEFAULT-VALUE}).")
  long paceMillis;

  @Option(names = "--rscript", defaultValue = "Rscript", description = "The R interpreter for the estimates; "
      + "'none' to skip them (default: ${DEFAULT-VALUE}).")
  String rscript;

  @Option(names = "--work-dir", description = "Where the tablets' outboxes, the export and the report go "
      + "(default: ./<survey>).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    String password = PasswordInput.read(passwordStdin, username, System.err);
    if (password == null) {
      return 2;
    }
    String id = survey == null ? "sim-" + seed : survey;
    Path dir = workDir == null ? Path.of(id) : workDir;
    Simulation.Options options = Simulation.Options.small(dir, seed).withSurvey(id)
        .withSize(eas, psus, Map.copyOf(takes)).withTeams(teams, enumerators).withPace(Duration.ofMillis(paceMillis))
        .withRscript("none".equals(rscript) ? null : rscript);
    Report report;
    try {
      report = new Simulation(url, options, System.out::println).run(username, password);
    } catch (HttpApi.CallFailed e) { // the server refused a step (a plan that cannot be drawn, a wrong password)
      System.err.println("simulate: " + e.getMessage());
      return 1;
    }
    System.out.println();
    System.out.print(report.toText());
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("report.json"), report.toJson().encodePrettily(), StandardCharsets.UTF_8);
    System.out.println("report: " + dir.resolve("report.json").toAbsolutePath());
    return report.passed() ? 0 : 1;
  }
}
