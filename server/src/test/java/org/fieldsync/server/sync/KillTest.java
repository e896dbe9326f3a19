package org.fieldsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.bson.types.Binary;
import org.fieldsync.client.DeviceCredentials;
import org.fieldsync.client.DrainReport;
import org.fieldsync.client.EnrolmentResult;
import org.fieldsync.client.Envelope;
import org.fieldsync.client.EnvelopeHeader;
import org.fieldsync.client.FieldsyncCrypto;
import org.fieldsync.client.HttpUrlConnectionTransport;
import org.fieldsync.client.Outbox;
import org.fieldsync.client.PublishedKey;
import org.fieldsync.client.Receipt;
import org.fieldsync.client.ReceiptStatus;
import org.fieldsync.client.Sealer;
import org.fieldsync.client.ServerKeyRing;
import org.fieldsync.client.SigningKeyPair;
import org.fieldsync.client.Sleeper;
import org.fieldsync.client.SyncClient;
import org.fieldsync.client.SyncException;
import org.fieldsync.forms.ShippedQuestionnaires;
import org.fieldsync.server.cli.Demo;
import org.fieldsync.server.config.ConfigLoader;
import org.fieldsync.server.config.FieldsyncConfig;
import org.fieldsync.server.store.Mongo;
import org.junit.jupiter.api.Test;

/**
 * Crash consistency on the embedded store (docs/operations.md, "Crash test (SIGKILL)"): simulated tablets upload
 * continuously while the server, a child JVM running {@code fieldsync demo}, is killed with SIGKILL at random moments
 * and restarted on the same data directory. Afterwards every outbox drains, and every interview a tablet put in its
 * outbox is stored exactly once, with the envelope and receipt the tablet holds.
 *
 * <p>Each kill comes at a random moment 300-800 ms after the restarted server is ready, and only after at least one
 * new receipt, so uploads happen between all kills. (Hence the first kill also follows a group commit: enrolments and
 * keys, which are not committed before they are answered, are outside what this test checks.)
 *
 * <p>Short form (the normal suite): 20 kills. Long form: {@code -Dfieldsync.killtest.kills=100}. The kill moments
 * come from a seeded {@link Random}; {@code -Dfieldsync.killtest.seed=N} replays a schedule.
 */
class KillTest {
  private static final int KILLS = Integer.getInteger("fieldsync.killtest.kills", 20);
  private static final long SEED = Long.getLong("fieldsync.killtest.seed", System.nanoTime());
  private static final int TABLETS = 4;
  private static final int MIN_UPTIME_MS = 300;
  private static final int MAX_UPTIME_MS = 800;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
  private static final long MAX_DATA_FILE_BYTES = 200L * 1024 * 1024;
  private static final byte[] ANSWERS = ShippedQuestionnaires.example("household", "valid-1.json");

  /** Every envelope put in an outbox: interview id to envelope SHA-256. */
  private final Map<String, String> put = new ConcurrentHashMap<>();
  /** Every receipt a tablet got from a drain: interview id to receipt. */
  private final Map<String, Receipt> receipts = new ConcurrentHashMap<>();
  private final AtomicInteger duplicateReceipts = new AtomicInteger();
  private final AtomicInteger abandonedDrains = new AtomicInteger();
  /** Anything a correct server never causes: refused uploads, receipts that do not verify, rejected devices. */
  private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

  @Test
  void acknowledgedInterviewsSurviveSigkillAndEveryOutboxDrains() throws Exception {
    System.out.println("KillTest: kills=" + KILLS + " seed=" + SEED + " (replay with -Dfieldsync.killtest.seed="
        + SEED + ")");
    long started = System.nanoTime();
    Random random = new Random(SEED);
    Path root = Files.createTempDirectory("fieldsync-killtest");
    Path data = root.resolve("data");
    ServerProcess server = new ServerProcess(freePort(), data, root.resolve("server.log"),
        snapshotClassPath(root.resolve("classpath")));
    List<Tablet> tablets = new ArrayList<>();
    List<Thread> loops = new ArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    int kills = 0;
    try {
      server.start();
      server.awaitLog("fieldsync demo is running at", READY_TIMEOUT); // the demo accounts and team are seeded
      String manager = login(server);
      for (int i = 0; i < TABLETS; i++) {
        tablets.add(enrol(server, manager, i % 2 == 0 ? "enumerator1" : "enumerator2", root.resolve("tablet-" + i),
            new Random(SEED + 1 + i)));
      }
      for (Tablet t : tablets) {
        Thread loop = new Thread(() -> t.uploadUntil(stop), "tablet-" + t.credentials.deviceId());
        loop.setDaemon(true);
        loop.start();
        loops.add(loop);
      }

      // Kill while the tablets upload: a random uptime after each (re)start, and at least one receipt in between.
      for (int k = 1; k <= KILLS; k++) {
        int before = receipts.size();
        Thread.sleep(MIN_UPTIME_MS + random.nextInt(MAX_UPTIME_MS - MIN_UPTIME_MS + 1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (receipts.size() == before) {
          if (System.nanoTime() > deadline) {
            fail("no upload succeeded within 30 s after start " + k + "; errors " + errors + "\n" + server.logTail());
          }
          Thread.sleep(5);
        }
        Thread.sleep(random.nextInt(100));
        int atKill = receipts.size();
        server.kill();
        kills++;
        System.out.printf("KillTest: kill %d/%d after %d new receipts (%d envelopes put, %d receipts so far)%n", k,
            KILLS, atKill - before, put.size(), atKill);
        server.start();
        server.awaitReady(READY_TIMEOUT);
      }

      // Stop sealing, then drain every outbox until it is empty.
      stop.set(true);
      for (Thread loop : loops) {
        loop.join(DRAIN_TIMEOUT.toMillis());
        assertTrue(!loop.isAlive(), loop.getName() + " did not stop");
      }
      long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
      for (Tablet t : tablets) {
        while (t.outbox.pendingCount() > 0 && System.nanoTime() < deadline) {
          t.drainOnce();
          if (t.outbox.pendingCount() > 0) {
            Thread.sleep(100);
          }
        }
      }
      for (Tablet t : tablets) {
        assertEquals(0, t.outbox.pendingCount(), "the outbox of " + t.credentials.deviceId() + " did not drain "
            + "within " + DRAIN_TIMEOUT + "; errors " + errors + "\n" + server.logTail());
        assertTrue(t.outbox.corrupted().isEmpty(), "corrupted outbox files: " + t.outbox.corrupted());
      }
      int exit = server.stop(Duration.ofSeconds(30));
      long sizeAtStop = Files.size(data.resolve("fieldsync.mv.db"));
      System.out.printf("KillTest: graceful stop (exit code %d), data file %.1f MB%n", exit, sizeAtStop / 1048576.0);

      assertEquals(KILLS, kills);
      assertTrue(errors.isEmpty(), "uploads refused or receipts invalid: " + errors);
      assertEquals(0, duplicateReceipts.get(), "an interview was delivered twice");
      assertTrue(receipts.size() > 0, "no receipt at all");
      assertEquals(put.keySet(), receipts.keySet(), "every envelope put got exactly one receipt");
      for (Tablet t : tablets) {
        for (Receipt kept : t.outbox.receipts()) {
          assertArrayEquals(receipts.get(kept.interviewId()).toByteArray(), kept.toByteArray(),
              "the outbox keeps the receipt the drain reported");
        }
      }
      ServerKeyRing ring = tablets.get(0).ring;
      verifyStore(data, ring);

      long size = Files.size(data.resolve("fieldsync.mv.db"));
      System.out.printf("KillTest: %d kills, %d tablets, %d envelopes put, %d receipts, %d drains gave up while "
          + "the server was down, %.1f s, data file %.1f MB, seed %d%n", kills, TABLETS, put.size(), receipts.size(),
          abandonedDrains.get(), (System.nanoTime() - started) / 1e9, size / 1048576.0, SEED);
      assertTrue(size < MAX_DATA_FILE_BYTES, "data file " + size + " bytes");
    } catch (AssertionError | Exception e) {
      System.out.println("KillTest failed after " + kills + " kills (seed " + SEED + "); server log tail:\n"
          + server.logTail());
      throw e;
    } finally {
      stop.set(true);
      server.kill();
      for (Thread loop : loops) {
        loop.join(10_000);
      }
      for (Tablet t : tablets) {
        t.outbox.close();
      }
      deleteTree(root);
    }
  }

  /** Reads the store directly: each envelope put is stored exactly once, with the receipt the tablet holds. */
  private void verifyStore(Path data, ServerKeyRing ring) {
    FieldsyncConfig config = ConfigLoader.load(null, Map.of(), Map.of("store.data-dir", data.toString(),
        "http.port", "0"));
    try (Mongo mongo = Mongo.open(config.store())) {
      Map<String, Integer> copies = new HashMap<>();
      Set<String> ours = put.keySet();
      for (Document d : mongo.db().getCollection("interviews").find()) {
        String id = d.getString("interviewId");
        if (!ours.contains(id)) {
          continue;
        }
        copies.merge(id, 1, Integer::sum);
        assertEquals(1, d.getInteger("revision"), id);
        assertEquals(id + "#1", d.get("key"));
        byte[] envelope = d.get("envelope", Binary.class).getData();
        String sha = FieldsyncCrypto.sha256Hex(envelope, 0, envelope.length);
        assertEquals(put.get(id), sha, "stored envelope bytes of " + id);
        assertEquals(sha, d.getString("envelopeSha256"), id);
        Receipt got = receipts.get(id);
        assertNotNull(got, "no receipt for stored " + id);
        assertEquals(got.envelopeSha256(), d.getString("envelopeSha256"), id);
        byte[] storedReceipt = d.get("receipt", Binary.class).getData();
        assertArrayEquals(got.toByteArray(), storedReceipt, "stored receipt of " + id + " = the tablet's");
        Receipt verified = FieldsyncCrypto.verifyReceipt(storedReceipt, Envelope.parse(envelope), ring);
        assertEquals(ReceiptStatus.ACCEPTED, verified.status(), id + ": " + verified.errors());
      }
      List<String> missing = new ArrayList<>(ours);
      missing.removeAll(copies.keySet());
      List<String> duplicated = copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
          .toList();
      assertTrue(missing.isEmpty(), missing.size() + " of " + ours.size() + " interviews with a receipt are not "
          + "stored: " + missing.subList(0, Math.min(10, missing.size())));
      assertTrue(duplicated.isEmpty(), "stored more than once: " + duplicated);
      assertEquals(ours.size(), copies.values().stream().mapToInt(Integer::intValue).sum());
      assertEquals(ours.size(), mongo.db().getCollection("interviews")
          .countDocuments(new Document("interviewId", new Document("$in", new ArrayList<>(ours)))));
    }
  }

  // ---- tablets

  /** One simulated tablet: its credentials, keys, outbox and sync client. */
  private final class Tablet {
    final DeviceCredentials credentials;
    final SigningKeyPair key;
    final String enumeratorId;
    final PublishedKey surveyKey;
    final ServerKeyRing ring;
    final Outbox outbox;
    final SyncClient client;

    Tablet(DeviceCredentials credentials, SigningKeyPair key, String enumeratorId, PublishedKey surveyKey,
        ServerKeyRing ring, Outbox outbox, SyncClient client) {
      this.credentials = credentials;
      this.key = key;
      this.enumeratorId = enumeratorId;
      this.surveyKey = surveyKey;
      this.ring = ring;
      this.outbox = outbox;
      this.client = client;
    }

    /** Seals a new interview, puts it in the outbox, drains; again and again until told to stop. */
    void uploadUntil(AtomicBoolean stop) {
      Sealer sealer = new Sealer(credentials.deviceId(), FieldsyncCrypto.signer(key));
      try {
        while (!stop.get()) {
          String id = UUID.randomUUID().toString();
          Instant now = Instant.now();
          EnvelopeHeader header = EnvelopeHeader.builder().interviewId(id).revision(1).surveyId(Demo.SURVEY)
              .formId("household").formVersion(1).assignmentId(null).householdId("hh-" + id.substring(0, 8))
              .eaId("ea-1").deviceId(credentials.deviceId()).enumeratorId(enumeratorId).disposition("completed")
              .householdTypeFound("EMIG").startedAt(now.minusSeconds(1800)).endedAt(now)
              .surveyKeyId(surveyKey.keyId()).build();
          Envelope envelope = sealer.seal(header, ANSWERS, surveyKey);
          assertEquals(Outbox.PutResult.ADDED, outbox.put(envelope));
          put.put(id, envelope.sha256());
          if (!drainOnce()) {
            Thread.sleep(100); // the server is down: keep working offline, try again with the next interview
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Throwable e) {
        errors.add(credentials.deviceId() + ": " + e);
      }
    }

    /** One drain; true if the outbox is empty afterwards. */
    boolean drainOnce() {
      DrainReport report = client.drain(credentials, outbox, ring);
      for (Receipt r : report.delivered()) {
        if (receipts.putIfAbsent(r.interviewId(), r) != null) {
          duplicateReceipts.incrementAndGet();
        }
      }
      for (DrainReport.Failure f : report.failed()) {
        errors.add(credentials.deviceId() + " " + f.interviewId() + ": " + f.error().code() + " "
            + f.error().getMessage());
      }
      SyncException stoppedBy = report.stoppedBy();
      if (stoppedBy != null) {
        if (stoppedBy.kind() == SyncException.Kind.RETRYABLE) {
          abandonedDrains.incrementAndGet();
        } else {
          errors.add(credentials.deviceId() + " drain stopped: " + stoppedBy.code() + " " + stoppedBy.getMessage());
        }
      }
      return report.complete();
    }
  }

  private Tablet enrol(ServerProcess server, String managerToken, String enumerator, Path dir, Random jitter) {
    JsonObject code = new JsonObject(http(server, "POST", "/api/v1/surveys/" + Demo.SURVEY + "/enrolments",
        managerToken, new JsonObject().put("enumerator", enumerator).encode(), 201));
    SyncClient client = SyncClient.builder(server.baseUrl()).allowCleartext(true)
        .transport(new HttpUrlConnectionTransport(5_000, 30_000, 1024 * 1024))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200), 3).sleeper(Sleeper.SYSTEM).random(jitter)
        .userAgent("fieldsync-killtest/1").build();
    SigningKeyPair key = FieldsyncCrypto.generateSigningKeyPair();
    EnrolmentResult enrolled = client.enrol(code.getString("code"), FieldsyncCrypto.signer(key),
        "kill-test " + dir.getFileName(), "1.0");
    assertEquals(enumerator, enrolled.enumeratorUsername());
    var pulled = client.pull(enrolled.credentials(), null);
    assertEquals(enrolled.serverSigningKey().keyId(), pulled.serverSigningKey().keyId());
    return new Tablet(enrolled.credentials(), key, enrolled.enumeratorId(), pulled.surveyKey(),
        ServerKeyRing.of(pulled.serverSigningKey()), Outbox.open(dir.toFile()), client);
  }

  // ---- HTTP as the manager

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static String login(ServerProcess server) {
    String body = new JsonObject().put("username", "manager").put("password", "manager-demo-pass").encode();
    return new JsonObject(http(server, "POST", "/api/v1/auth/login", null, body, 200)).getString("token");
  }

  private static String http(ServerProcess server, String method, String path, String token, String body,
      int expected) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(expected, r.statusCode(), method + " " + path + ": " + r.body());
      return r.body();
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---- the server as a child process

  /** {@code fieldsync demo} in a child JVM on a fixed port and data directory, restartable. */
  static final class ServerProcess {
    private final int port;
    private final Path dataDir;
    private final Path log;
    private final String classPath;
    private Process process;

    ServerProcess(int port, Path dataDir, Path log, String classPath) {
      this.port = port;
      this.dataDir = dataDir;
      this.log = log;
      this.classPath = classPath;
    }

    String baseUrl() {
      return "http://127.0.0.1:" + port;
    }

    void start() throws IOException {
      Files.createDirectories(dataDir);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      // C1 only and the serial collector: the JVM starts faster on a small machine; crash semantics are unchanged.
      ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-cp", classPath,
          "org.fieldsync.server.cli.Main", "demo", "--port", String.valueOf(port), "--data-dir", dataDir.toString(),
          "--host", "127.0.0.1");
      pb.environment().remove("MONGODB_URI");
      pb.environment().remove(ConfigLoader.envName("store.data-dir"));
      pb.environment().put(ConfigLoader.envName("auth.argon2.memory-kib"), "1024");
      pb.environment().put(ConfigLoader.envName("auth.argon2.iterations"), "1");
      pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      process = pb.start();
    }

    /** Polls {@code GET /ready} until it answers 200. */
    void awaitReady(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/ready")).timeout(Duration.ofSeconds(2))
          .GET().build();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          fail("the server exited with " + process.exitValue() + "\n" + logTail());
        }
        try {
          if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        Thread.sleep(25);
      }
      fail("the server was not ready within " + timeout + "\n" + logTail());
    }

    /** Waits until the log contains a line (the demo prints its banner after seeding). */
    void awaitLog(String text, Duration timeout) throws InterruptedException, IOException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          fail("the server exited with " + process.exitValue() + "\n" + logTail());
        }
        if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
          awaitReady(timeout);
          return;
        }
        Thread.sleep(50);
      }
      fail("the server did not log '" + text + "' within " + timeout + "\n" + logTail());
    }

    /** SIGKILL (destroyForcibly on Linux), and wait until the process is gone. */
    void kill() throws InterruptedException {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the server did not die on SIGKILL");
        }
      }
    }

    /** SIGTERM (the server's shutdown hook closes it cleanly); returns the exit code. */
    int stop(Duration timeout) throws InterruptedException {
      process.destroy();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        fail("the server did not stop within " + timeout + " of SIGTERM\n" + logTail());
      }
      return process.exitValue();
    }

    String logTail() {
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
      } catch (IOException e) {
        return "(no server log: " + e + ")";
      }
    }
  }

  /**
   * The test's class path with its directories (target/classes, target/test-classes) copied once: the restarts must
   * all run the same code even if the module is recompiled meanwhile. Surefire runs tests from a manifest-only jar
   * and gives the real class path in {@code surefire.test.class.path}.
   */
  private static String snapshotClassPath(Path into) throws IOException {
    String original = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String entry : original.split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isDirectory(p)) {
        Path copy = into.resolve(String.valueOf(n++));
        try (var files = Files.walk(p)) {
          for (Path f : (Iterable<Path>) files::iterator) {
            Path target = copy.resolve(p.relativize(f).toString());
            if (Files.isDirectory(f)) {
              Files.createDirectories(target);
            } else {
              Files.copy(f, target);
            }
          }
        }
        entries.add(copy.toString());
      } else {
        entries.add(entry);
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path root) {
    try (var files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }
}
