package org.fieldsync.server.cli;

import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.fieldsync.forms.LintProblem;
import org.fieldsync.forms.QuestionnaireLinter;
import org.fieldsync.server.FieldsyncServer;
import org.fieldsync.server.monitoring.CoverageService;
import org.fieldsync.server.account.AccountService;
import org.fieldsync.server.account.Principal;
import org.fieldsync.server.account.Role;
import org.fieldsync.server.config.ConfigException;
import org.fieldsync.server.config.ConfigLoader;
import org.fieldsync.server.config.FieldsyncConfig;
import org.fieldsync.server.http.Problem;
import org.fieldsync.server.store.Mongo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code fieldsync} command line: the server, the demo, first-admin creation and the questionnaire linter. */
@Command(name = "fieldsync", mixinStandardHelpOptions = true, version = "fieldsync " + FieldsyncServer.VERSION,
    description = "Survey fieldwork capture-and-sync server.",
    subcommands = {Main.Server.class, Main.DemoCommand.class, Main.Admin.class, Main.Forms.class,
        SampleCommands.class, Main.Coverage.class, ExportCommand.class, SimulateCommand.class})
public final class Main {

  public static void main(String[] args) {
    int code = new CommandLine(new Main())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          if (e instanceof ConfigException || e instanceof Problem) {
            cmd.getErr().println("fieldsync: " + e.getMessage());
            return 2;
          }
          throw e;
        })
        .execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Options every command that touches the store shares. */
  static class StoreOptions {
    @Option(names = "--config", description = "JSON configuration file (see docs/operations.md).")
    Path config;

    @Option(names = "--data-dir", description = "Directory of the embedded store (when MONGODB_URI is not set).")
    String dataDir;

    @Option(names = "--port", description = "HTTP port (0 picks a free one).")
    Integer port;

    @Option(names = "--host", description = "Interface to listen on.")
    String host;

    FieldsyncConfig load(Map<String, String> defaults) {
      Map<String, String> overrides = new LinkedHashMap<>(defaults);
      if (dataDir != null) {
        overrides.put("store.data-dir", dataDir);
      }
      if (port != null) {
        overrides.put("http.port", String.valueOf(port));
      }
      if (host != null) {
        overrides.put("http.host", host);
      }
      return ConfigLoader.load(config, System.getenv(), overrides);
    }
  }

  @Command(name = "server", mixinStandardHelpOptions = true, description = "Run the server.")
  static final class Server implements Callable<Integer> {
    @CommandLine.Mixin
    StoreOptions store = new StoreOptions();

    @Option(names = "--demo", description = "Seed demo accounts, a demo survey and the shipped questionnaires.")
    boolean demo;

    @Override
    public Integer call() throws InterruptedException {
      return run(store.load(Map.of()), demo);
    }
  }

  @Command(name = "demo", mixinStandardHelpOptions = true,
      description = "Run the server with demo data on the embedded store (listens on 127.0.0.1 unless --host).")
  static final class DemoCommand implements Callable<Integer> {
    @CommandLine.Mixin
    StoreOptions store = new StoreOptions();

    @Option(names = "--no-fieldwork", description = "Do not put the demo survey in the field (no simulated tablets).")
    boolean noFieldwork;

    @Override
    public Integer call() throws InterruptedException {
      Map<String, String> defaults = new LinkedHashMap<>();
      defaults.put("http.host", "127.0.0.1");
      if (System.getenv(ConfigLoader.envName("store.data-dir")) == null) {
        defaults.put("store.data-dir", "fieldsync-demo-data");
      }
      return run(store.load(defaults), true, !noFieldwork);
    }
  }

  static int run(FieldsyncConfig config, boolean demo) throws InterruptedException {
    return run(config, demo, false);
  }

  static int run(FieldsyncConfig config, boolean demo, boolean fieldwork) throws InterruptedException {
    FieldsyncServer server = FieldsyncServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "fieldsync-shutdown"));
    if (demo) {
      var published = Demo.seed(server.services());
      String host = config.http().host().equals("0.0.0.0") ? "localhost" : config.http().host();
      String baseUrl = (config.http().tls() == null ? "http" : "https") + "://" + host + ":" + server.port();
      Demo.print(System.out, baseUrl, published);
      if (fieldwork && config.http().tls() == null) {
        DemoFieldwork.start(baseUrl);
        DemoSimulation.start(baseUrl, config.store().dataDir());
      }
    }
    stopped.await();
    return 0;
  }

  @Command(name = "admin", mixinStandardHelpOptions = true, description = "Account administration.",
      subcommands = {Admin.Create.class})
  static final class Admin {
    @Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create an admin account directly in the store (the first admin). Stop the server first "
            + "when it uses the embedded store.")
    static final class Create implements Callable<Integer> {
      @CommandLine.Mixin
      StoreOptions store = new StoreOptions();

      @Option(names = "--username", required = true)
      String username;

      @Option(names = "--display-name")
      String displayName;

      @Option(names = "--password-stdin", description = "Read the password from standard input (else: prompt).")
      boolean passwordStdin;

      @Override
      public Integer call() throws IOException {
        if (!AccountService.USERNAME.matcher(username).matches()) {
          System.err.println("fieldsync: --username must be 3 to 64 lowercase letters, digits, '.', '_' or '-'");
          return 2;
        }
        String password = readPassword();
        if (password == null || password.length() < AccountService.MIN_PASSWORD) {
          System.err.println("fieldsync: the password must be at least " + AccountService.MIN_PASSWORD
              + " characters long");
          return 2;
        }
        FieldsyncConfig config = store.load(Map.of());
        Vertx vertx = Vertx.vertx();
        try (Mongo mongo = Mongo.open(config.store())) {
          var services = FieldsyncServer.services(vertx, mongo, config, Clock.systemUTC());
          var user = services.accounts().createNow(Principal.SYSTEM, username, displayName, password,
              EnumSet.of(Role.ADMIN));
          mongo.flush();
          System.out.println("Created admin '" + user.username() + "' (id " + user.id() + ").");
          return 0;
        } finally {
          vertx.close();
        }
      }

      private String readPassword() throws IOException {
        if (passwordStdin) {
          return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        Console console = System.console();
        if (console == null) {
          System.err.println("fieldsync: no terminal to prompt on; use --password-stdin");
          return null;
        }
        char[] first = console.readPassword("Password for %s: ", username);
        char[] again = console.readPassword("Again: ");
        if (first == null || again == null || !new String(first).equals(new String(again))) {
          System.err.println("fieldsync: the passwords differ");
          return null;
        }
        return new String(first);
      }
    }
  }

  @Command(name = "coverage", mixinStandardHelpOptions = true, description = "Coverage counters.",
      subcommands = {Coverage.Rebuild.class})
  static final class Coverage {
    @Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "Recompute a survey's coverage counters from its assignments and stored interviews (after a "
            + "restore or a bug). Stop the server first when it uses the embedded store; with a real MongoDB run it "
            + "when no uploads arrive, or use POST /api/v1/surveys/{id}/coverage/rebuild.")
    static final class Rebuild implements Callable<Integer> {
      @CommandLine.Mixin
      StoreOptions store = new StoreOptions();

      @Option(names = "--survey", required = true, description = "Survey id.")
      String survey;

      @Override
      public Integer call() {
        FieldsyncConfig config = store.load(Map.of());
        Vertx vertx = Vertx.vertx();
        try (Mongo mongo = Mongo.open(config.store())) {
          var services = FieldsyncServer.services(vertx, mongo, config, Clock.systemUTC());
          CoverageService.Rebuilt r;
          try {
            r = services.coverage().rebuild(survey);
          } catch (Problem p) {
            System.err.println("fieldsync: " + p.getMessage());
            return 2;
          }
          mongo.flush();
          System.out.printf("Rebuilt coverage of %s: %,d revisions read, %,d households, %,d cells, %,d ms.%n",
              r.surveyId(), r.revisionsRead(), r.households(), r.cells(), r.millis());
          return 0;
        } finally {
          vertx.close();
        }
      }
    }
  }

  @Command(name = "forms", mixinStandardHelpOptions = true, description = "Questionnaire tools.",
      subcommands = {Forms.Lint.class})
  static final class Forms {
    @Command(name = "lint", mixinStandardHelpOptions = true,
        description = "Report every problem of questionnaire files, each with its JSON pointer. Exit 1 if any.")
    static final class Lint implements Callable<Integer> {
      @Parameters(arity = "1..*", paramLabel = "FILE")
      List<Path> files = new ArrayList<>();

      @Override
      public Integer call() throws IOException {
        int total = 0;
        for (Path file : files) {
          List<LintProblem> problems = QuestionnaireLinter.lint(Files.readAllBytes(file));
          for (LintProblem p : problems) {
            System.out.printf("%s:%s: %s %s%n", file, p.pointer().isEmpty() ? "/" : p.pointer(), p.code(),
                p.message());
          }
          if (problems.isEmpty()) {
            System.out.println(file + ": ok");
          }
          total += problems.size();
        }
        if (total > 0) {
          System.out.println(total + " problem" + (total == 1 ? "" : "s"));
        }
        return total == 0 ? 0 : 1;
      }
    }
  }
}
