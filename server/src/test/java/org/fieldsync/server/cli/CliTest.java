package org.fieldsync.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fieldsync.server.FieldsyncServer;
import org.fieldsync.server.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
  @TempDir
  Path dir;

  private record Run(int code, String out) {}

  private static Run run(InputStream stdin, String... args) {
    PrintStream oldOut = System.out;
    InputStream oldIn = System.in;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      if (stdin != null) {
        System.setIn(stdin);
      }
      int code = new CommandLine(new Main()).execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setIn(oldIn);
    }
  }

  @Test
  void formsLintReportsEveryProblemWithItsPointerAndFails() throws Exception {
    Path bad = dir.resolve("bad.json");
    try (InputStream in = getClass().getResourceAsStream("/questionnaire/bad-lint.json")) {
      Files.write(bad, in.readAllBytes());
    }
    Run r = run(null, "forms", "lint", bad.toString());
    assertEquals(1, r.code());
    assertTrue(r.out().contains(bad + ":/properties/sex"), r.out());
    assertTrue(r.out().contains("lint.skip-unknown-question"), r.out());
    assertTrue(r.out().matches("(?s).*\\d+ problems\\s*"), r.out());
  }

  @Test
  void formsLintPassesAGoodQuestionnaire() throws Exception {
    Path good = dir.resolve("good.json");
    try (InputStream in = getClass().getResourceAsStream("/questionnaire/small-v1.json")) {
      Files.write(good, in.readAllBytes());
    }
    Run r = run(null, "forms", "lint", good.toString());
    assertEquals(0, r.code(), r.out());
    assertTrue(r.out().contains(": ok"));
  }

  @Test
  void adminCreateMakesTheFirstAdminWhoCanThenLogIn() throws Exception {
    Path data = dir.resolve("data");
    Run r = run(new ByteArrayInputStream("first admin passphrase\n".getBytes(StandardCharsets.UTF_8)),
        "admin", "create", "--username", "root", "--password-stdin", "--data-dir", data.toString());
    assertEquals(0, r.code(), r.out());
    assertTrue(r.out().contains("Created admin 'root'"));

    var config = ConfigLoader.load(null, Map.of(), Map.of("http.port", "0", "http.host", "127.0.0.1",
        "store.data-dir", data.toString()));
    try (FieldsyncServer server = FieldsyncServer.start(config)) {
      var login = server.services().accounts().login("root", "first admin passphrase")
          .toCompletionStage().toCompletableFuture().get();
      assertEquals("root", login.user().username());
      assertEquals(java.util.List.of("admin"), login.user().roles());
    }
  }

  @Test
  void aBadSettingStopsTheServerWithItsName() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(org.fieldsync.server.config.ConfigException.class,
        () -> ConfigLoader.load(null, Map.of("FIELDSYNC_HTTP_PORT", "70000"), Map.of()));
    assertTrue(e.getMessage().contains("http.port"), e.getMessage());
  }
}
