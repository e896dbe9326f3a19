package org.fieldsync.server.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.fieldsync.client.Envelope;
import org.fieldsync.client.FieldsyncCrypto;
import org.fieldsync.client.SurveyKeyPair;
import org.fieldsync.forms.Questionnaire;
import org.fieldsync.forms.export.Codebook;
import org.fieldsync.forms.export.CsvWriter;
import org.fieldsync.forms.export.ExportSchema;
import org.fieldsync.forms.export.Flattener;
import org.fieldsync.forms.export.IdentifyingPolicy;
import org.fieldsync.forms.export.ImportScripts;
import org.fieldsync.forms.export.Level;
import org.fieldsync.forms.export.SurveyDesign;
import org.fieldsync.forms.export.Table;
import org.fieldsync.server.assignment.AssignmentStore;
import org.fieldsync.server.assignment.AssignmentView;
import org.fieldsync.server.crypto.AnswersAtRest;
import org.fieldsync.server.interview.InterviewStore;
import org.fieldsync.server.sync.SyncKeys;
import org.fieldsync.server.sync.SyncStore;

/**
 * One export run: reads the sample and the interviews of a survey, decrypts and flattens the interviews in the data
 * as a stream, and writes the zip (docs/export.md). Memory stays flat in the number of interviews: the store is read
 * in pages, each level's CSV goes to a temporary file as it is written, and only the sample table (about a hundred
 * bytes a sampled household) is held whole.
 *
 * <p>Three passes: the plan's interview assignments (the sample); the stored revisions without their envelopes,
 * which give each household its current revision, disposition and review state, so that the weights can be
 * adjusted before any row is written; then the revisions again with their sealed answers, opened on {@code
 * decoders} in parallel and flattened in storage order.
 */
final class ExportJob {
  /** What to export. */
  record Options(boolean includeAll, IdentifyingPolicy policy, String language) {}

  /** Where the run stands, reported now and then. */
  interface Progress {
    /** @param percent 0 to 100, or -1 before it can be estimated */
    void report(String phase, long done, long total, int percent);
  }

  /** What a finished run wrote. */
  record Result(Path zip, long bytes, String sha256, long households, long interviews, Map<String, Long> rows,
      List<String> warnings) {}

  static final String INTERVIEW_FORM = "household";
  private static final int PAGE = 500;
  private static final int CHUNK = 100;
  private static final long MAX_ANSWERS = FieldsyncCrypto.DEFAULT_MAX_ANSWERS_BYTES;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final AssignmentStore assignments;
  private final InterviewStore interviews;
  private final SyncKeys keys;
  private final SyncStore devices;
  private final ExecutorService decoders;

  ExportJob(AssignmentStore assignments, InterviewStore interviews, SyncKeys keys, SyncStore devices,
      ExecutorService decoders) {
    this.assignments = assignments;
    this.interviews = interviews;
    this.keys = keys;
    this.devices = devices;
    this.decoders = decoders;
  }

  /**
   * Runs the export into {@code zip} (written as {@code zip.part}, then moved into place).
   *
   * @param versions every published version of the interview questionnaire
   */
  Result run(String surveyId, String planId, List<Questionnaire> versions, Options options, Map<String, Object> about,
      Path zip, Progress progress) throws IOException {
    Instant started = Instant.now();
    Map<String, Double> seconds = new LinkedHashMap<>();
    long clock = System.nanoTime();
    SampleTable sample = new SampleTable(planId);
    // the assignments and the revisions are read at once, on a decoder and here: each costs a core of store reads
    Future<?> assignmentsRead = decoders.submit(() -> {
      String after = null;
      while (true) {
        List<AssignmentView> page = assignments.page(surveyId, planId, "interview", after, 2000);
        page.forEach(sample::add);
        if (page.size() < 2000) {
          return;
        }
        after = page.get(page.size() - 1).id();
      }
    });
    long revisions = 0;
    String after = null;
    while (true) {
      List<InterviewStore.Scanned> page = interviews.page(surveyId, after, 2000, false);
      page.forEach(sample::observe);
      revisions += page.size();
      progress.report("interviews", revisions, -1, (int) Math.min(14, 14 * revisions / Math.max(1, sample.size())));
      if (page.size() < 2000) {
        break;
      }
      after = page.get(page.size() - 1).storageId();
    }
    try {
      assignmentsRead.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("the export was interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
    clock = lap(seconds, "sample and states", clock);
    sample.settle(options.includeAll());
    long inData = sample.inData();
    clock = lap(seconds, "weights", clock);

    ExportSchema schema = ExportSchema.of(versions, options.policy(), SampleTable.householdColumns(),
        List.of(new Table("sample", Map.of("en", "Every sampled household with its design, disposition and weights",
            "fr", "Chaque ménage échantillonné avec son plan, son résultat et ses poids"),
            SampleTable.sampleColumns())));
    Path work = Files.createDirectories(zip.resolveSibling(zip.getFileName() + ".work"));
    Map<String, Path> files = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>(sample.warnings());
    long written;
    Map<String, Long> rows = new LinkedHashMap<>();
    try {
      Map<String, Writer> writers = new LinkedHashMap<>();
      try {
        for (Level level : schema.levels()) {
          Path file = work.resolve(level.name() + ".csv");
          files.put(level.name(), file);
          Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
              1 << 16);
          writers.put(level.name(), w);
          CsvWriter header = new CsvWriter(w);
          header.writeRow(schema.columns(level));
          header.flush();
          rows.put(level.name(), 0L);
        }
        written = flatten(surveyId, schema, sample, writers, rows, inData, warnings, progress);
      } finally {
        for (Writer w : writers.values()) {
          w.close();
        }
      }
      clock = lap(seconds, "interviews", clock);
      rows.put("sample", (long) sample.size());
      progress.report("packaging", written, inData, 96);
      Map<String, Object> manifest = new LinkedHashMap<>(about);
      manifest.put("form", schema.formId());
      manifest.put("versions", schema.versions());
      manifest.put("include", options.includeAll() ? "all" : "approved");
      manifest.put("identifying", options.policy().name().toLowerCase(java.util.Locale.ROOT));
      manifest.put("households", sample.size());
      manifest.put("interviews", written);
      manifest.put("rows", rows);
      manifest.put("warnings", warnings);
      manifest.put("startedAt", started.toString());
      manifest.put("seconds", seconds);
      manifest.put("files", files.keySet().stream().map(l -> l + ".csv").toList());
      Path part = zip.resolveSibling(zip.getFileName() + ".part");
      String sha;
      try (OutputStream file = Files.newOutputStream(part)) {
        MessageDigest digest = sha256();
        try (ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(new DigestOutputStream(file, digest),
            1 << 16), StandardCharsets.UTF_8)) {
          out.setLevel(Deflater.BEST_SPEED);
          for (Map.Entry<String, Path> f : files.entrySet()) {
            out.putNextEntry(new ZipEntry(f.getKey() + ".csv"));
            try (InputStream in = Files.newInputStream(f.getValue())) {
              in.transferTo(out);
            }
            out.closeEntry();
          }
          out.putNextEntry(new ZipEntry("sample.csv"));
          CsvWriter csv = new CsvWriter(new BufferedWriter(new OutputStreamWriter(nonClosing(out),
              StandardCharsets.UTF_8), 1 << 16));
          sample.writeCsv(csv);
          csv.close();
          out.closeEntry();
          out.setLevel(Deflater.DEFAULT_COMPRESSION);
          String language = options.language();
          entry(out, "codebook.json", JSON.writeValueAsBytes(Codebook.json(schema)));
          entry(out, "codebook.md", Codebook.markdown(schema).getBytes(StandardCharsets.UTF_8));
          entry(out, "import.do", ImportScripts.stata(schema, language).getBytes(StandardCharsets.UTF_8));
          entry(out, "import.sps", ImportScripts.spss(schema, language).getBytes(StandardCharsets.UTF_8));
          entry(out, "import.R", ImportScripts.r(schema, language,
              new SurveyDesign("var_psu", "var_stratum", "weight_nr"),
              Map.of("sample", new SurveyDesign("var_psu", "var_stratum", "weight_base")))
              .getBytes(StandardCharsets.UTF_8));
          lap(seconds, "zip", clock);
          entry(out, "manifest.json", JSON.writeValueAsBytes(manifest));
        }
        sha = HexFormat.of().formatHex(digest.digest());
      }
      Files.move(part, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new Result(zip, Files.size(zip), sha, sample.size(), written, rows, warnings);
    } finally {
      for (Path f : files.values()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(work);
    }
  }

  /**
   * A chunk of interviews opened and flattened on a decoder: the CSV text of each level (rows only) and their
   * counts, or why revisions could not be read.
   */
  private record Part(Map<String, String> text, Map<String, Long> rows, long written, List<String> failures) {}

  /**
   * Reads the revisions in the data with their sealed answers (a reader thread, pages in storage order), opens,
   * parses and flattens them in chunks on the decoders (each into its own text), and appends the chunks' text to
   * the level files here, in the same order.
   */
  private long flatten(String surveyId, ExportSchema schema, SampleTable sample, Map<String, Writer> files,
      Map<String, Long> rows, long inData, List<String> warnings, Progress progress) throws IOException {
    BlockingQueue<Future<Part>> queue = new ArrayBlockingQueue<>(4 * Runtime.getRuntime().availableProcessors() + 4);
    Future<Part> end = CompletableFuture.completedFuture(null);
    Thread reader = new Thread(() -> {
      try {
        String after = null;
        while (true) {
          List<InterviewStore.Scanned> page = interviews.page(surveyId, after, PAGE, true);
          List<InterviewStore.Scanned> chunk = new ArrayList<>(CHUNK);
          for (InterviewStore.Scanned s : page) {
            if (sample.included(sample.slotOf(s.summary().assignmentId()), s.storageId())) {
              chunk.add(s);
              if (chunk.size() == CHUNK) {
                List<InterviewStore.Scanned> c = chunk;
                queue.put(decoders.submit(() -> part(surveyId, schema, sample, c)));
                chunk = new ArrayList<>(CHUNK);
              }
            }
          }
          if (!chunk.isEmpty()) {
            List<InterviewStore.Scanned> c = chunk;
            queue.put(decoders.submit(() -> part(surveyId, schema, sample, c)));
          }
          if (page.size() < PAGE) {
            break;
          }
          after = page.get(page.size() - 1).storageId();
        }
        queue.put(end);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        try {
          queue.put(CompletableFuture.failedFuture(e));
        } catch (InterruptedException ignored) {
          Thread.currentThread().interrupt();
        }
      }
    }, "export-reader");
    reader.setDaemon(true);
    reader.start();
    long written = 0;
    long failed = 0;
    long lastReport = 0;
    try {
      while (true) {
        Future<Part> next = queue.take();
        if (next == end) {
          break;
        }
        Part part = next.get();
        for (Map.Entry<String, String> text : part.text().entrySet()) {
          files.get(text.getKey()).write(text.getValue());
        }
        part.rows().forEach((level, count) -> rows.merge(level, count, Long::sum));
        for (String failure : part.failures()) {
          if (failed++ < 20) {
            warnings.add(failure);
          }
        }
        written += part.written();
        long now = System.nanoTime();
        if (now - lastReport > 500_000_000L) {
          lastReport = now;
          progress.report("writing", written, inData, 15 + (int) (80 * written / Math.max(1, inData)));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("the export was interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      reader.interrupt();
    }
    if (failed > 20) {
      warnings.add((failed - 20) + " more interview(s) could not be read and are not in the data");
    }
    return written;
  }

  /** Opens, parses and flattens a chunk (on a decoder thread). */
  private Part part(String surveyId, ExportSchema schema, SampleTable sample, List<InterviewStore.Scanned> chunk) {
    Map<String, StringWriter> text = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    long written = 0;
    Map<String, Long> rows = new LinkedHashMap<>();
    try (Flattener flattener = new Flattener(schema, level -> text.computeIfAbsent(level,
        l -> new StringWriter(CHUNK * 256)), false)) {
      for (InterviewStore.Scanned s : chunk) {
        InterviewStore.Summary summary = s.summary();
        JsonNode answers;
        try {
          answers = Questionnaire.parseAnswers(answers(surveyId, s));
        } catch (RuntimeException e) {
          failures.add("interview " + summary.interviewId() + " revision " + summary.revision() + " could not be "
              + "read and is not in the data: " + e.getMessage());
          continue;
        }
        flattener.writeInterview(summary.interviewId(), summary.revision(), s.formVersion(), answers,
            sample.householdValues(sample.slotOf(summary.assignmentId())));
        written++;
      }
      for (Level level : schema.levels()) {
        rows.put(level.name(), flattener.rows(level.name()));
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    text.forEach((level, w) -> out.put(level, w.toString()));
    return new Part(out, rows, written, failures);
  }

  /** The answers, from the server's sealed copy, or for older revisions from the envelope (signature checked). */
  private byte[] answers(String surveyId, InterviewStore.Scanned s) {
    SurveyKeyPair key = keys.surveyKey(surveyId, s.surveyKeyId()).orElseThrow(() -> new IllegalStateException(
        "survey key " + s.surveyKeyId() + " is not in the store"));
    if (s.answers() != null) {
      return FieldsyncCrypto.gunzip(AnswersAtRest.open(key, s.summary().interviewId(), s.summary().revision(),
          s.answers()), MAX_ANSWERS);
    }
    byte[] device = devices.device(s.deviceId()).orElseThrow(() -> new IllegalStateException(
        "device " + s.deviceId() + " is not in the store")).publicKey();
    return FieldsyncCrypto.open(Envelope.parse(s.envelope()), device, key, MAX_ANSWERS).answers();
  }

  /** Records the seconds since {@code since} under {@code phase}; returns now. */
  private static long lap(Map<String, Double> seconds, String phase, long since) {
    long now = System.nanoTime();
    seconds.put(phase, Math.round((now - since) / 1e7) / 100.0);
    return now;
  }

  private static void entry(ZipOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new ZipEntry(name));
    out.write(bytes);
    out.closeEntry();
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
