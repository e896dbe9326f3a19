package org.fieldsync.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.fieldsync.server.Fieldwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fieldsync export} against a running server: the zip arrives, checked; a wrong password says so. */
class ExportCommandTest {
  private static Fieldwork fw;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    fw = Fieldwork.start();
    JsonObject a = fw.assignments().get(0);
    String id = UUID.randomUUID().toString();
    assertEquals(201, fw.upload(fw.header(a, id, 1).build(), Fieldwork.ANSWERS).status());
    assertEquals(200, fw.server().send("POST", "/api/v1/surveys/" + Fieldwork.SURVEY + "/interviews/" + id
        + "/review", fw.demoToken("supervisor"), new JsonObject().put("revision", 1).put("decision", "approve")
        .encode()).status());
  }

  @AfterAll
  static void stop() {
    fw.close();
  }

  private int run(String password, String... args) {
    InputStream in = System.in;
    System.setIn(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)));
    try {
      return new CommandLine(new ExportCommand()).execute(args);
    } finally {
      System.setIn(in);
    }
  }

  @Test
  void exportsTheSurveyIntoAVerifiedZip() throws Exception {
    Path zip = dir.resolve("out.zip");
    assertEquals(0, run("analyst-demo-pass", "--url", fw.server().baseUrl(), "--survey", Fieldwork.SURVEY,
        "--username", "analyst", "--password-stdin", "-o", zip.toString()));
    Set<String> names = new HashSet<>();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        names.add(e.getName());
      }
    }
    assertTrue(names.containsAll(Set.of("household.csv", "sample.csv", "import.R", "codebook.json")), names::toString);
  }

  @Test
  void aWrongPasswordOrAForbiddenOptionFailsWithoutAFile() {
    Path zip = dir.resolve("no.zip");
    assertEquals(1, run("wrong-password", "--url", fw.server().baseUrl(), "--survey", Fieldwork.SURVEY,
        "--username", "analyst", "--password-stdin", "-o", zip.toString()));
    assertEquals(1, run("analyst-demo-pass", "--url", fw.server().baseUrl(), "--survey", Fieldwork.SURVEY,
        "--username", "analyst", "--password-stdin", "--identifying", "keep", "-o", zip.toString()));
    assertFalse(Files.exists(zip));
  }

  @Test
  void progressLineDrawsABarWithThePercentAndEstimate() {
    assertEquals("[##########----------]  52 %  writing     ~12 s left   ", ExportCommand.progressLine(
        new JsonObject().put("percent", 52).put("phase", "writing").put("etaSeconds", 12)));
  }
}
