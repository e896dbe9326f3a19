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
      var login = server.services().accounts().login("root", "first admin passphrase", "127.0.0.1")
          .toCompletionStage().toCompletableFuture().get();
      assertEquals("root", login.user().username());
      assertEquals(java.util.List.of("admin"), login.user().roles());
    }
  }

  @Test
  void samplePlanReplaySelectRoundTrip() throws Exception {
    Path frame = dir.resolve("frame.csv");
    Path design = dir.resolve("design.json");
    Path plan = dir.resolve("plan.json");
    assertEquals(0, run(null, "sample", "demo-frame", "--eas", "300", "--seed", "5", "--out", frame.toString()).code());
    Files.writeString(design, "{\"cutoffs\": [0.05, 0.15], \"classLabels\": [\"LOW\", \"MED\", \"HIGH\"],"
        + " \"allocation\": \"PROPORTIONAL\", \"totalPsus\": 80, \"takes\": {\"EMIG\": 5, \"RET\": 3,"
        + " \"NON\": 5}}");

    Run planned = run(null, "sample", "plan", "--frame", frame.toString(), "--design", design.toString(), "--seed",
        "99", "--out", plan.toString());
    assertEquals(0, planned.code(), planned.out());
    assertTrue(planned.out().contains("stratum") && planned.out().contains("exp.mig"), planned.out());
    assertTrue(planned.out().matches("(?s).*\\ntotal\\s+\\d+\\s+80\\s.*"), planned.out());

    Run replayed = run(null, "sample", "replay", "--plan", plan.toString(), "--frame", frame.toString());
    assertEquals(0, replayed.code(), replayed.out());
    assertTrue(replayed.out().contains("identical"));

    io.vertx.core.json.JsonObject record = new io.vertx.core.json.JsonObject(Files.readString(plan));
    Path tampered = dir.resolve("tampered.json");
    io.vertx.core.json.JsonObject stratum = record.getJsonArray("strata").stream()
        .map(io.vertx.core.json.JsonObject.class::cast)
        .filter(st -> st.getJsonArray("certaintyEas").isEmpty() && !st.getJsonArray("selectedEas").isEmpty())
        .findFirst().orElseThrow();
    stratum.getJsonArray("selectedEas").set(0, "SOME-OTHER-EA");
    Files.writeString(tampered, record.encode());
    assertEquals(1, run(null, "sample", "replay", "--plan", tampered.toString(), "--frame", frame.toString()).code(),
        "a plan record whose selection was changed does not replay");

    Path listing = dir.resolve("listing.csv");
    Run listed = run(null, "sample", "demo-listing", "--frame", frame.toString(), "--plan", plan.toString());
    assertEquals(0, listed.code());
    Files.writeString(listing, listed.out());
    Path households = dir.resolve("households.csv");
    Run selected = run(null, "sample", "select", "--plan", plan.toString(), "--frame", frame.toString(),
        "--listing", listing.toString(), "--out", households.toString());
    assertEquals(0, selected.code(), selected.out());
    java.util.List<String> rows = Files.readAllLines(households);
    assertEquals("ea_id,psu_id,stratum,line,household_id,type,take_class,group,pi1,pi2,base_weight", rows.get(0));
    assertTrue(rows.size() > 40);
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split(",");
      double pi1 = Double.parseDouble(f[8]);
      double pi2 = Double.parseDouble(f[9]);
      assertEquals(1 / (pi1 * pi2), Double.parseDouble(f[10]), 1e-9 / (pi1 * pi2), row);
    }
  }

  @Test
  void aBadSettingStopsTheServerWithItsName() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(org.fieldsync.server.config.ConfigException.class,
        () -> ConfigLoader.load(null, Map.of("FIELDSYNC_HTTP_PORT", "70000"), Map.of()));
    assertTrue(e.getMessage().contains("http.port"), e.getMessage());
  }
}
