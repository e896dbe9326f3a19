package org.fieldsync.server.export;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import org.fieldsync.client.Envelope;
import org.fieldsync.client.FieldsyncCrypto;
import org.fieldsync.client.SurveyKeyPair;
import org.fieldsync.forms.Questionnaire;
import org.fieldsync.forms.export.Codebook;
import org.fieldsync.forms.export.CsvWriter;
import org.fieldsync.forms.export.ExportSchema;
import org.fieldsync.forms.export.ExtraColumn;
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
import org.fieldsync.server.store.SortableIds;
import org.fieldsync.server.sync.SyncKeys;
import org.fieldsync.server.sync.SyncStore;

/**
 * One export run: reads the sample and the interviews of a survey, decrypts and flattens the interviews as a stream,
 * and writes the zip (docs/export.md). Memory stays flat in the number of interviews: the store is read in pages,
 * each level's rows go to a temporary file as they are made, and only the sample table (about a hundred bytes a
 * sampled household) is held whole.
 *
 * <p>One pass over the store: the plan's interview assignments (the sample) are read on a decoder while every stored
 * revision is read with its sealed answers (reader threads page through slices of storage order); each
 * revision gives its household its current revision, disposition and review state, and is opened and flattened on
 * the {@code decoders} in chunks before it is known whether it is in the data. Each level has a temporary file per
 * slice, a sequence of {@link Segments}, one a revision, saying whose rows they are. Then the weights are settled and the
 * zip is written: each level file is streamed once, keeping the segments of the revisions in the data, with the
 * household design columns put into the household rows, and deflated in blocks on the {@code decoders}
 * ({@link ParallelZipWriter}).
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
  /** Slices of storage order: more than readers, so that slices of uneven size still share out. */
  private static final int SLICES = 16;
  /** Chunks a reader has on the decoders before it waits for the first. */
  private static final int IN_FLIGHT = 2 * Runtime.getRuntime().availableProcessors() + 2;
  /** Bytes of a zip entry deflated as one block on a decoder. */
  private static final int BLOCK = 1 << 20;
  /** Reading and flattening the revisions is most of the run: the percentage it reaches. */
  private static final int READ_PERCENT = 90;
  private static final long MAX_ANSWERS = FieldsyncCrypto.DEFAULT_MAX_ANSWERS_BYTES;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final AssignmentStore assignments;
  private final InterviewStore interviews;
  private final SyncKeys keys;
  private final SyncStore devices;
  private final ExecutorService decoders;
  /** Threads reading slices at once ({@code export.readers}); the store serves each on a thread of its own. */
  private final int readers;

  ExportJob(AssignmentStore assignments, InterviewStore interviews, SyncKeys keys, SyncStore devices,
      ExecutorService decoders, int readers) {
    this.assignments = assignments;
    this.interviews = interviews;
    this.keys = keys;
    this.devices = devices;
    this.decoders = decoders;
    this.readers = readers;
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
    ExportSchema schema = ExportSchema.of(versions, options.policy(), SampleTable.householdColumns(),
        List.of(new Table("sample", Map.of("en", "Every sampled household with its design, disposition and weights",
            "fr", "Chaque ménage échantillonné avec son plan, son résultat et ses poids"),
            SampleTable.sampleColumns())));
    SampleTable sample = new SampleTable(planId);
    Path work = Files.createDirectories(zip.resolveSibling(zip.getFileName() + ".work"));
    List<String> bounds = sliceBounds(surveyId);
    Map<String, List<Path>> files = new LinkedHashMap<>();
    for (Level level : schema.levels()) {
      List<Path> slices = new ArrayList<>();
      for (int k = 0; k <= bounds.size(); k++) {
        slices.add(work.resolve(level.name() + "." + k + ".seg"));
      }
      files.put(level.name(), slices);
    }
    try {
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
      try {
        readInterviews(surveyId, schema, sample, bounds, files, options.includeAll(), progress);
        await(assignmentsRead);
      } finally {
        assignmentsRead.cancel(true);
      }
      clock = lap(seconds, "interviews", clock);
      sample.settle(options.includeAll());
      long inData = sample.inData();
      clock = lap(seconds, "weights", clock);

      List<String> warnings = new ArrayList<>(sample.warnings());
      Map<String, Long> rows = new LinkedHashMap<>();
      Path part = zip.resolveSibling(zip.getFileName() + ".part");
      MessageDigest digest = sha256();
      long written;
      try (ParallelZipWriter out = new ParallelZipWriter(new BufferedOutputStream(new DigestOutputStream(
          Files.newOutputStream(part), digest), 1 << 16), decoders, BLOCK,
          2 * Runtime.getRuntime().availableProcessors() + 2)) {
        written = writeLevels(schema, sample, files, out, rows, warnings, inData, progress);
        rows.put("sample", (long) sample.size());
        try (CsvWriter csv = CsvWriter.utf8(out.entry("sample.csv", Deflater.BEST_SPEED))) {
          sample.writeCsv(csv);
        }
        String language = options.language();
        int small = Deflater.DEFAULT_COMPRESSION;
        out.entry("codebook.json", small, JSON.writeValueAsBytes(Codebook.json(schema)));
        out.entry("codebook.md", small, utf8(Codebook.markdown(schema)));
        out.entry("import.do", small, utf8(ImportScripts.stata(schema, language)));
        out.entry("import.sps", small, utf8(ImportScripts.spss(schema, language)));
        out.entry("import.R", small, utf8(ImportScripts.r(schema, language,
            new SurveyDesign("var_psu", "var_stratum", "weight_nr", sample.lonelyPsu()),
            Map.of("sample", new SurveyDesign("var_psu", "var_stratum", "weight_base", sample.lonelyPsu())))));
        lap(seconds, "packaging", clock);
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
        out.entry("manifest.json", small, JSON.writeValueAsBytes(manifest));
      }
      String sha = HexFormat.of().formatHex(digest.digest());
      Files.move(part, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new Result(zip, Files.size(zip), sha, sample.size(), written, rows, warnings);
    } finally {
      for (List<Path> slices : files.values()) {
        for (Path f : slices) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(work);
      Files.deleteIfExists(zip.resolveSibling(zip.getFileName() + ".part")); // left by a failed run
    }
  }

  /** A chunk of revisions opened and flattened on a decoder: each level's segments. */
  private record Part(Map<String, byte[]> segments, int revisions) {}

  /**
   * Where the slices of storage order read at once begin (storage ids start with the time received, in milliseconds,
   * 13 digits): the span of the survey's storage ids cut into {@link #SLICES} equal spans of time. Empty (one slice)
   * if the survey has no revision or its ids are not of that form.
   */
  private List<String> sliceBounds(String surveyId) {
    String[] span = interviews.storageIdSpan(surveyId).orElse(null);
    if (span == null || !span[0].matches("\\d{13}-.*") || !span[1].matches("\\d{13}-.*")) {
      return List.of();
    }
    long first = Long.parseLong(span[0].substring(0, 13));
    long last = Long.parseLong(span[1].substring(0, 13));
    List<String> bounds = new ArrayList<>();
    for (int k = 1; k < SLICES; k++) {
      long at = first + (last - first + 1) * k / SLICES;
      String bound = SortableIds.decimal(at, 13); // before every id received in that millisecond
      if (at > first && (bounds.isEmpty() || !bounds.get(bounds.size() - 1).equals(bound))) {
        bounds.add(bound);
      }
    }
    return bounds;
  }

  /**
   * Reads every stored revision with its sealed answers, records each in the sample ({@link SampleTable#observe}),
   * opens, parses and flattens them in chunks on the decoders, and writes the chunks' segments to the level files
   * of their slice, in storage order. The slices are read by {@code export.readers} threads at once, each taking the
   * next slice when done with one. Two (the default) are best on the 2-core reference machine with the embedded
   * store since the export allocates less per interview (1,000,000 interviews: 3–10 s faster than one reader in each
   * of four alternated pairs; before, when the collector took a fifth of the CPU, one was better); more help where
   * the store has cores of its own.
   */
  private void readInterviews(String surveyId, ExportSchema schema, SampleTable sample, List<String> bounds,
      Map<String, List<Path>> files, boolean includeAll, Progress progress) throws IOException {
    int slices = bounds.size() + 1;
    AtomicInteger nextSlice = new AtomicInteger();
    AtomicLong revisions = new AtomicLong();
    Queue<ChunkWriter> writers = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(readers, r -> {
      Thread t = new Thread(r, "export-reader");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int r = 0; r < readers; r++) {
        running.add(pool.submit(() -> {
          for (int k = nextSlice.getAndIncrement(); k < slices; k = nextSlice.getAndIncrement()) {
            readSlice(surveyId, schema, sample, k == 0 ? null : bounds.get(k - 1), k == slices - 1 ? null
                : bounds.get(k), (long) k << 40, slice(files, k), includeAll, revisions, writers);
          }
          return null;
        }));
      }
      for (Future<?> reader : running) {
        while (true) {
          try {
            reader.get(500, TimeUnit.MILLISECONDS);
            break;
          } catch (TimeoutException e) {
            // the sample (read at once) is the best guess of how many revisions there are: about one a household
            long done = revisions.get();
            progress.report("interviews", done, -1,
                (int) Math.min(READ_PERCENT - 1, READ_PERCENT * done / Math.max(1, sample.size())));
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("the export was interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    } finally {
      pool.shutdownNow();
      writers.forEach(ChunkWriter::close);
    }
  }

  private static Map<String, Path> slice(Map<String, List<Path>> files, int k) {
    Map<String, Path> out = new LinkedHashMap<>();
    files.forEach((level, slices) -> out.put(level, slices.get(k)));
    return out;
  }

  /**
   * Reads one slice of storage order ({@code from} inclusive, {@code before} exclusive, null for open ends) page by
   * page, sends its chunks to the decoders, and appends their segments to the slice's level files in order.
   */
  private void readSlice(String surveyId, ExportSchema schema, SampleTable sample, String from, String before,
      long order, Map<String, Path> files, boolean includeAll, AtomicLong revisions, Queue<ChunkWriter> writers)
      throws IOException, InterruptedException, ExecutionException {
    ArrayDeque<Future<Part>> pending = new ArrayDeque<>();
    Map<String, OutputStream> out = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, Path> f : files.entrySet()) {
        out.put(f.getKey(), new BufferedOutputStream(Files.newOutputStream(f.getValue()), 1 << 16));
      }
      // a bound is 13 digits and no storage id is only that, so the ids after it are the slice's
      String after = from;
      long ordinal = order;
      while (true) {
        List<InterviewStore.Scanned> page = interviews.page(surveyId, after, before, PAGE, true);
        for (int at = 0; at < page.size(); at += CHUNK) {
          List<InterviewStore.Scanned> chunk = page.subList(at, Math.min(page.size(), at + CHUNK));
          int[] slots = new int[chunk.size()];
          for (int i = 0; i < slots.length; i++) {
            slots[i] = sample.observe(chunk.get(i), ordinal++);
          }
          pending.add(decoders.submit(() -> part(surveyId, schema, chunk, slots, includeAll, writers)));
          while (pending.size() > IN_FLIGHT) {
            write(pending.poll().get(), out, revisions);
          }
        }
        if (page.size() < PAGE) {
          break;
        }
        after = page.get(page.size() - 1).storageId();
      }
      while (!pending.isEmpty()) {
        write(pending.poll().get(), out, revisions);
      }
    } finally {
      pending.forEach(f -> f.cancel(true));
      for (OutputStream o : out.values()) {
        o.close();
      }
    }
  }

  private static void write(Part part, Map<String, OutputStream> out, AtomicLong revisions) throws IOException {
    for (Map.Entry<String, byte[]> segments : part.segments().entrySet()) {
      out.get(segments.getKey()).write(segments.getValue());
    }
    revisions.addAndGet(part.revisions());
  }

  /**
   * Opens, parses and flattens a chunk of revisions (on a decoder thread) into each level's segments. Unless every
   * state is exported, a revision not approved is passed over: it cannot be in the data. The chunk writer comes from
   * {@code writers} (one per decoder at most, kept for the run's chunks) and goes back there when the chunk is done.
   */
  private Part part(String surveyId, ExportSchema schema, List<InterviewStore.Scanned> chunk, int[] slots,
      boolean includeAll, Queue<ChunkWriter> writers) {
    ChunkWriter out = writers.poll();
    if (out == null) {
      out = new ChunkWriter(schema);
    }
    boolean reusable = false;
    try {
      for (int i = 0; i < chunk.size(); i++) {
        InterviewStore.Scanned s = chunk.get(i);
        InterviewStore.Summary summary = s.summary();
        if (!includeAll && !SampleTable.reviewState(summary).approved()) {
          continue;
        }
        long hash = SampleTable.hash(s.storageId());
        JsonNode answers;
        try {
          byte[] json = answers(surveyId, s);
          // answers accepted at upload were parsed strictly then: they are streamed, without a tree
          if ("accepted".equals(summary.status()) && summary.errors() == 0
              && out.stream(slots[i], hash, summary, s.formVersion(), json)) {
            continue;
          }
          answers = Questionnaire.parseAnswers(json);
        } catch (RuntimeException e) {
          out.message(slots[i], hash, Segments.UNREADABLE, "interview " + summary.interviewId() + " revision "
              + summary.revision() + " could not be read and is not in the data: " + e.getMessage());
          continue;
        }
        out.write(slots[i], hash, summary, s.formVersion(), answers);
      }
      Part part = new Part(out.segments(), chunk.size());
      reusable = true;
      return part;
    } finally {
      if (reusable) {
        writers.add(out);
      } else {
        out.close();
      }
    }
  }

  /**
   * A chunk's segments in the making: a flattener (without headers) writes each revision's rows as UTF-8 into
   * {@link RowBytes}, which are cut into one segment per level after each revision. The root row leaves the
   * household design columns out (they are known once the weights are settled): its segment says where they go.
   * Reused chunk after chunk by one decoder at a time.
   */
  private static final class ChunkWriter implements AutoCloseable {
    private final List<Level> levels;
    private final ExportSchema schema;
    /** What the flattener writes for the design columns before their values are known. */
    private final byte[] noExtras;
    private final RowBytes[] text;
    private final ByteArrayOutputStream[] bytes;
    private final DataOutputStream[] segments;
    private final long[] rowsBefore;
    private Flattener flattener;

    ChunkWriter(ExportSchema schema) {
      this.schema = schema;
      this.levels = schema.levels();
      this.noExtras = utf8(Flattener.extraCells(schema, null));
      int n = levels.size();
      this.text = new RowBytes[n];
      this.bytes = new ByteArrayOutputStream[n];
      this.segments = new DataOutputStream[n];
      this.rowsBefore = new long[n];
      for (int l = 0; l < n; l++) {
        text[l] = new RowBytes();
        bytes[l] = new ByteArrayOutputStream(CHUNK * 256);
        segments[l] = new DataOutputStream(bytes[l]);
      }
      this.flattener = newFlattener();
    }

    /** Flattens a revision into a segment per level it has rows at (a {@link Segments#FAILED} one if it cannot). */
    void write(int slot, long hash, InterviewStore.Summary summary, int formVersion, JsonNode answers) {
      try {
        flattener.writeInterview(summary.interviewId(), summary.revision(), formVersion, answers, null);
        flattener.flush();
      } catch (RuntimeException e) {
        // fails the export only if this revision is in the data; what it half wrote goes with its flattener
        restart();
        message(slot, hash, Segments.FAILED, String.valueOf(e.getMessage()));
        return;
      }
      cut(slot, hash, summary, formVersion);
    }

    /**
     * Flattens a revision from its answers' bytes as they are parsed (no tree) into a segment per level it has rows
     * at; false, with nothing written, if it cannot (the tree then decides what to say).
     */
    boolean stream(int slot, long hash, InterviewStore.Summary summary, int formVersion, byte[] json) {
      try (JsonParser parser = Questionnaire.answersParser(json)) {
        flattener.writeInterview(summary.interviewId(), summary.revision(), formVersion, parser, null);
        flattener.flush();
      } catch (RuntimeException | IOException e) {
        restart();
        return false;
      }
      cut(slot, hash, summary, formVersion);
      return true;
    }

    /** Forgets what the flattener half wrote, with the flattener. */
    private void restart() {
      flattener.close();
      for (RowBytes t : text) {
        t.reset();
      }
      Arrays.fill(rowsBefore, 0);
      flattener = newFlattener();
    }

    /** Cuts the revision's rows, as written to the texts, into a segment per level it has rows at. */
    private void cut(int slot, long hash, InterviewStore.Summary summary, int formVersion) {
      for (int l = 0; l < levels.size(); l++) {
        Level level = levels.get(l);
        RowBytes rows = text[l];
        long count = flattener.rows(level.name()) - rowsBefore[l];
        rowsBefore[l] += count;
        if (level.isRoot()) {
          byte[] keys = utf8(CsvWriter.field(summary.interviewId()) + "," + summary.revision() + "," + formVersion);
          if (!rows.has(0, keys) || !rows.has(keys.length, noExtras)) {
            throw new IllegalStateException("the household row of interview " + summary.interviewId()
                + " does not start with its keys and empty design columns");
          }
          int rest = keys.length + noExtras.length;
          append(l, slot, hash, (int) count, keys.length, keys.length + rows.size() - rest, rows.array(), 0,
              keys.length, rows.array(), rest, rows.size() - rest);
        } else if (count > 0) {
          append(l, slot, hash, (int) count, 0, rows.size(), rows.array(), 0, rows.size(), null, 0, 0);
        }
        rows.reset();
      }
    }

    /** A root segment of no rows, {@link Segments#UNREADABLE} or {@link Segments#FAILED}, with its message. */
    void message(int slot, long hash, int kind, String message) {
      byte[] text = utf8(message);
      append(0, slot, hash, kind, 0, text.length, text, 0, text.length, null, 0, 0);
    }

    /** The chunk's segments, by level; the writer is then empty, ready for the next chunk. */
    Map<String, byte[]> segments() {
      Map<String, byte[]> out = new LinkedHashMap<>();
      for (int l = 0; l < levels.size(); l++) {
        out.put(levels.get(l).name(), bytes[l].toByteArray());
        bytes[l].reset();
      }
      return out;
    }

    @Override
    public void close() {
      flattener.close();
    }

    /** Appends a segment whose payload is {@code a} then {@code b} (null for none). */
    private void append(int level, int slot, long hash, int rows, int keyEnd, int length, byte[] a, int aOff,
        int aLen, byte[] b, int bOff, int bLen) {
      try {
        Segments.header(segments[level], slot, hash, rows, keyEnd, length);
        segments[level].write(a, aOff, aLen);
        if (b != null) {
          segments[level].write(b, bOff, bLen);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e); // into memory: does not happen
      }
    }

    private Flattener newFlattener() {
      // a small buffer: the flattener's CSV writers buffer 64 K characters otherwise
      Map<String, Writer> writers = new HashMap<>();
      for (int l = 0; l < levels.size(); l++) {
        writers.put(levels.get(l).name(), new BufferedWriter(new OutputStreamWriter(text[l],
            StandardCharsets.UTF_8), 2048));
      }
      return new Flattener(schema, writers::get, false);
    }
  }

  /** A revision's rows as UTF-8, read in place: the buffer and whether a part of it is as expected. */
  private static final class RowBytes extends ByteArrayOutputStream {
    RowBytes() {
      super(8192);
    }

    byte[] array() {
      return buf;
    }

    /** Whether the bytes from {@code at} on start with {@code prefix}. */
    boolean has(int at, byte[] prefix) {
      return at + prefix.length <= count && Arrays.equals(buf, at, at + prefix.length, prefix, 0, prefix.length);
    }
  }

  /**
   * Writes each level's entry: its header, then the segments of the revisions in the data, in storage order, the
   * household design columns put into each root row. Counts rows per level into {@code rows}, adds a warning per
   * unreadable revision in the data (the first 20, then their number).
   *
   * @return the interviews written (root rows)
   */
  private long writeLevels(ExportSchema schema, SampleTable sample, Map<String, List<Path>> files,
      ParallelZipWriter zip, Map<String, Long> rows, List<String> warnings, long inData, Progress progress)
      throws IOException {
    long total = 0;
    for (List<Path> slices : files.values()) {
      for (Path f : slices) {
        total += Files.size(f);
      }
    }
    long done = 0;
    long written = 0;
    long unreadable = 0;
    long lastReport = 0;
    // the design cells come straight from the sample table, in its column order: the schema's must be the same
    if (!schema.extraRootColumns().stream().map(ExtraColumn::name).toList().equals(SampleTable.HOUSEHOLD_COLUMNS)) {
      throw new IllegalStateException("the schema's household design columns are not the sample table's");
    }
    StringBuilder cells = new StringBuilder(256);
    for (Level level : schema.levels()) {
      long count = 0;
      try (Segments.Reader in = new Segments.Reader(files.get(level.name()));
          OutputStream out = zip.entry(level.fileName(), Deflater.BEST_SPEED)) {
        out.write(utf8(schema.columns(level).stream().map(CsvWriter::field).collect(Collectors.joining(","))
            + "\r\n"));
        while (in.next()) {
          if (!sample.included(in.slot(), in.hash())) {
            in.skip();
            continue;
          }
          byte[] payload = in.payload();
          if (in.rows() == Segments.UNREADABLE) {
            if (unreadable++ < 20) {
              warnings.add(new String(payload, 0, in.length(), StandardCharsets.UTF_8));
            }
            continue;
          }
          if (in.rows() == Segments.FAILED) {
            throw new IllegalArgumentException(new String(payload, 0, in.length(), StandardCharsets.UTF_8));
          }
          if (level.isRoot()) {
            out.write(payload, 0, in.keyEnd());
            cells.setLength(0);
            sample.householdCells(in.slot(), cells);
            out.write(utf8(cells.toString()));
            out.write(payload, in.keyEnd(), in.length() - in.keyEnd());
            written++;
          } else {
            out.write(payload, 0, in.length());
          }
          count += in.rows();
          long now = System.nanoTime();
          if (now - lastReport > 500_000_000L) {
            lastReport = now;
            progress.report("packaging", written, inData,
                READ_PERCENT + (int) ((99 - READ_PERCENT) * (done + in.read()) / Math.max(1, total)));
          }
        }
        done += in.read();
      }
      rows.put(level.name(), count);
    }
    if (unreadable > 20) {
      warnings.add((unreadable - 20) + " more interview(s) could not be read and are not in the data");
    }
    return written;
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

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void await(Future<?> task) throws IOException {
    try {
      task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("the export was interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
