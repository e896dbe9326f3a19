package org.fieldsync.server.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fieldsync export}: exports a survey from a running server over its HTTP API, as an analyst's laptop would —
 * starts the job, draws a progress bar with the server's percentage and estimate, downloads the zip and checks its
 * SHA-256 against the job's.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export a survey's cleaned data (CSV per level, sample with weights, codebook, Stata/SPSS/R "
        + "scripts) from a running server into a zip. Needs an analyst, manager or admin account.")
public final class ExportCommand implements Callable<Integer> {
  @Option(names = "--url", defaultValue = "http://localhost:8080", description = "The server (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--survey", required = true, description = "Survey id.")
  String survey;

  @Option(names = "--username", required = true, description = "Your account (analyst, manager or admin).")
  String username;

  @Option(names = "--password-stdin", description = "Read the password from standard input (else "
      + "FIELDSYNC_PASSWORD, else a prompt).")
  boolean passwordStdin;

  @Option(names = "--include", defaultValue = "approved",
      description = "approved (default: approved interviews only) or all (every household's latest revision).")
  String include;

  @Option(names = "--identifying", defaultValue = "drop",
      description = "drop (default: identifying variables dropped or coarsened) or keep (admins only).")
  String identifying;

  @Option(names = "--language", description = "Language of the labels the scripts start with (default: the "
      + "questionnaire's first).")
  String language;

  @Option(names = {"-o", "--out"}, description = "The zip to write (default: <survey>-<export id>.zip).")
  Path out;

  private final PrintStream err = System.err;

  @Override
  public Integer call() throws Exception {
    String password = PasswordInput.read(passwordStdin, username, err);
    if (password == null) {
      return 2;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String base = url.replaceAll("/+$", "");
    JsonObject login = call(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
        .POST(body(new JsonObject().put("username", username).put("password", password))));
    if (login == null) {
      return 1;
    }
    String token = "Bearer " + login.getString("token");
    String exports = base + "/api/v1/surveys/" + URLEncoder.encode(survey, StandardCharsets.UTF_8) + "/exports";
    JsonObject request = new JsonObject().put("include", include).put("identifying", identifying);
    if (language != null) {
      request.put("language", language);
    }
    JsonObject job = call(http, HttpRequest.newBuilder(URI.create(exports)).header("Authorization", token)
        .POST(body(request)));
    if (job == null) {
      return 1;
    }
    String id = job.getString("id");
    err.println("Export " + id + " of survey " + survey + " started.");
    while (!"done".equals(job.getString("state"))) {
      if ("failed".equals(job.getString("state")) || "expired".equals(job.getString("state"))) {
        err.println();
        err.println("fieldsync: export " + id + " " + job.getString("state") + ": "
            + job.getJsonObject("error", new JsonObject()).getString("message", ""));
        return 1;
      }
      err.print("\r" + progressLine(job));
      Thread.sleep(500);
      job = call(http, HttpRequest.newBuilder(URI.create(exports + "/" + id)).header("Authorization", token).GET());
      if (job == null) {
        return 1;
      }
    }
    err.println("\r" + progressLine(job));
    Path target = out != null ? out : Path.of(survey + "-" + id + ".zip");
    HttpResponse<InputStream> zip = http.send(HttpRequest.newBuilder(URI.create(base
        + job.getJsonObject("file").getString("href"))).header("Authorization", token).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    if (zip.statusCode() != 200) {
      err.println("fieldsync: download failed: " + problem(new String(zip.body().readAllBytes(),
          StandardCharsets.UTF_8), zip.statusCode()));
      return 1;
    }
    Path part = target.resolveSibling(target.getFileName() + ".part");
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (InputStream in = zip.body(); OutputStream file = new DigestOutputStream(Files.newOutputStream(part), sha)) {
      in.transferTo(file);
    }
    String digest = HexFormat.of().formatHex(sha.digest());
    if (!digest.equals(job.getJsonObject("file").getString("sha256"))) {
      Files.deleteIfExists(part);
      err.println("fieldsync: the download's SHA-256 " + digest + " differs from the export's "
          + job.getJsonObject("file").getString("sha256") + ": download again");
      return 1;
    }
    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    System.out.printf(Locale.ROOT, "Wrote %s: %,d interviews, %,d sampled households, %.1f MB, SHA-256 %s%n",
        target, job.getLong("interviews"), job.getLong("households"),
        job.getJsonObject("file").getLong("bytes") / 1e6, digest);
    job.getJsonArray("warnings").forEach(w -> err.println("warning: " + w));
    return 0;
  }

  /** {@code [##########----------]  52 %  writing  ~12 s left} */
  static String progressLine(JsonObject job) {
    int percent = job.getInteger("percent", 0);
    int filled = percent / 5;
    Object eta = job.getValue("etaSeconds");
    return String.format(Locale.ROOT, "[%s%s] %3d %%  %-10s%s", "#".repeat(filled), "-".repeat(20 - filled), percent,
        job.getString("phase", job.getString("state")), eta == null ? "" : "  ~" + eta + " s left   ");
  }

  private JsonObject call(HttpClient http, HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(request.header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      err.println();
      err.println("fieldsync: " + problem(r.body(), r.statusCode()));
      return null;
    }
    return new JsonObject(r.body());
  }

  private static String problem(String body, int status) {
    try {
      JsonObject p = new JsonObject(body);
      return p.getString("message", p.getString("detail", body)) + " (" + p.getString("code", "HTTP " + status)
          + ")";
    } catch (RuntimeException e) {
      return "HTTP " + status + " " + body;
    }
  }

  private static HttpRequest.BodyPublisher body(JsonObject json) {
    return HttpRequest.BodyPublishers.ofString(json.encode());
  }
}
