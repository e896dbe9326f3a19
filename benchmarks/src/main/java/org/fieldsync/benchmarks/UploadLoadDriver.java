package org.fieldsync.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.fieldsync.client.EnrolmentInvite;
import org.fieldsync.client.Envelope;
import org.fieldsync.client.EnvelopeHeader;
import org.fieldsync.client.FieldsyncCrypto;
import org.fieldsync.client.PublishedKey;
import org.fieldsync.client.Sealer;
import org.fieldsync.client.SigningKeyPair;
import org.fieldsync.forms.ShippedQuestionnaires;
import org.fieldsync.server.FieldsyncServer;
import org.fieldsync.server.cli.Demo;
import org.fieldsync.server.config.ConfigLoader;

/**
 * Load driver for sealed uploads (issue 4 target: ≥ 200 simulated tablets, ≥ 2,000 accepted uploads/s sustained on
 * the 2-core machine with durable writes on the embedded store, p99 latency < 100 ms).
 *
 * <p>It starts a real server in this JVM on the embedded store (group commit on: every receipt waits for an fsync),
 * seeds the demo, enrols the tablets over HTTP (enrolment codes, proofs of key possession), then has every tablet
 * seal its interviews <em>before</em> the clock starts (sealing is the tablets' cost, not the server's: on a real
 * deployment it happens on 200 tablets, here it would steal the server's CPU). The timed phase sends each envelope
 * with {@code PUT /api/v1/sync/interviews/{id}/revisions/1} over HTTP/1.1, one keep-alive connection per tablet and
 * one upload at a time per tablet, all driven from one event loop (Vert.x's HTTP client), and records every latency:
 * closed loop (a tablet sends its next upload when it has its receipt) or open loop (a fixed rate). Only 201 receipts
 * with status accepted count.
 *
 * <p>Run: {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar org.fieldsync.benchmarks.UploadLoadDriver
 * [tablets=200] [seconds=20] [members=40] [warm-up seconds=10] [rate=0: closed loop; else uploads/s offered,
 * open loop]}; with {@code -Dfieldsync.load.url=http://127.0.0.1:8080} it drives a server already running in
 * its own JVM (with the demo's accounts, e.g. {@code fieldsync demo --no-fieldwork}) instead of starting one. The warm-up lets the JIT compilers finish: with 3 s
 * of warm-up, C2 still used a third of a core during the measured phase.
 */
public final class UploadLoadDriver {
  private static final ObjectMapper JSON = new ObjectMapper();

  private UploadLoadDriver() {}

  public static void main(String[] args) throws Exception {
    int tablets = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int members = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int rate = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    int perTablet = Math.max(20, 3000 * (seconds + warmUp) / tablets); // enough for 3,000/s
    String url = System.getProperty("fieldsync.load.url");
    if (url != null) {
      // a server already running in its own JVM (e.g. `fieldsync demo --no-fieldwork`), as tablets are in the field
      drive(url, tablets, seconds, members, warmUp, rate, perTablet);
      return;
    }
    Path data = Files.createTempDirectory("fieldsync-load");
    var config = ConfigLoader.load(null, Map.of(), Map.of("http.port", "0", "http.host", "127.0.0.1",
        "store.data-dir", data.toString(), "auth.argon2.memory-kib", "1024", "auth.argon2.iterations", "1"));
    try (FieldsyncServer server = FieldsyncServer.start(config)) {
      Demo.seed(server.services());
      drive("http://127.0.0.1:" + server.port(), tablets, seconds, members, warmUp, rate, perTablet);
      System.out.printf(Locale.ROOT, "data file: %,d bytes%n", Files.size(data.resolve("fieldsync.mv.db")));
    }
  }

  private static void drive(String base, int tablets, int seconds, int members, int warmUp, int rate, int perTablet)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String manager = login(http, base, "manager", "manager-demo-pass");
    byte[] answers = household(members);
    System.out.printf(Locale.ROOT, "interview: household questionnaire, %d members, %,d bytes of answers%n",
        members, answers.length);

    List<Tablet> fleet = new ArrayList<>();
    for (int t = 0; t < tablets; t++) {
      fleet.add(enrol(http, base, manager, t % 2 == 0 ? "enumerator1" : "enumerator2"));
    }
    long t0 = System.nanoTime();
    fleet.parallelStream().forEach(t -> t.seal(perTablet, answers));
    System.out.printf(Locale.ROOT, "%d tablets enrolled; %,d envelopes sealed in advance (%,d bytes each) in %.1f s%n",
        tablets, (long) tablets * perTablet, fleet.get(0).envelope(0).length, (System.nanoTime() - t0) / 1e9);

    // the tablets' side: one event loop, one keep-alive connection per tablet (a thread per tablet with
    // java.net.http's client took a sixth of the CPU the server needs on this machine)
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(tablets).setMaxWaitQueueSize(-1));
    Result r;
    try {
      run(vertx, client, base, fleet, warmUp, "warm-up", rate);
      long[] cpuBefore = MachineCpu.read();
      r = run(vertx, client, base, fleet, seconds, "measured", rate);
      MachineCpu.print(cpuBefore, MachineCpu.read(), r.accepted());
    } finally {
      vertx.close().await();
    }
    long[] all = r.latencies();
    Arrays.sort(all);
    System.out.printf(Locale.ROOT, "%n%d tablets, %s, %d s: %,d accepted uploads, %.0f uploads/s, %d failed%n",
        tablets, rate > 0 ? "open loop at " + rate + "/s offered" : "closed loop", seconds, r.accepted(),
        r.accepted() / r.elapsedSeconds(), r.failed());
    System.out.printf(Locale.ROOT, "latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n", pct(all, 0.50),
        pct(all, 0.95), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
  }

  private record Result(long accepted, long failed, double elapsedSeconds, long[] latencies) {}

  /**
   * Runs the fleet for a while on the driver's one event loop, every tablet on its own keep-alive connection and
   * sending one upload at a time, as a tablet syncs. Closed loop ({@code rate} 0): each tablet sends its next upload
   * when it has its receipt. Open loop: uploads are due on a fixed schedule, together {@code rate} a second, spread
   * over the tablets in turn; one due while its tablet still waits for a receipt waits its turn, and latency is
   * measured from the time it was due, so a slow answer also counts against the uploads it delayed (no coordinated
   * omission).
   */
  private static Result run(Vertx vertx, HttpClientAgent client, String base, List<Tablet> fleet, int seconds,
      String phase, int rate) throws Exception {
    CompletableFuture<Result> result = new CompletableFuture<>();
    vertx.runOnContext(v -> new Phase(client, base, fleet, seconds, rate, vertx, result).start());
    Result r = result.get();
    System.out.printf(Locale.ROOT, "%s: %,d accepted in %.1f s%n", phase, r.accepted(), r.elapsedSeconds());
    return r;
  }

  /** One timed phase; every method runs on the driver's event loop, so nothing here needs a lock. */
  private static final class Phase {
    final HttpClientAgent client;
    final String base;
    final List<Tablet> fleet;
    final int rate;
    final Vertx vertx;
    final CompletableFuture<Result> result;
    final long start = System.nanoTime();
    final long end;
    final List<ArrayDeque<Long>> due = new ArrayList<>(); // per tablet: the times its waiting uploads were due
    final boolean[] busy;
    long[] latencies = new long[1 << 16];
    int n;
    long accepted;
    long failed;
    long scheduled; // open loop: how many uploads have fallen due
    int inFlight;
    long timer = -1;

    Phase(HttpClientAgent client, String base, List<Tablet> fleet, int seconds, int rate, Vertx vertx,
        CompletableFuture<Result> result) {
      this.client = client;
      this.base = base;
      this.fleet = fleet;
      this.rate = rate;
      this.vertx = vertx;
      this.result = result;
      this.end = start + seconds * 1_000_000_000L;
      this.busy = new boolean[fleet.size()];
      fleet.forEach(t -> due.add(new ArrayDeque<>()));
    }

    void start() {
      if (rate == 0) {
        for (int k = 0; k < fleet.size(); k++) {
          send(k, System.nanoTime());
        }
      } else {
        timer = vertx.setPeriodic(1, id -> schedule());
      }
    }

    /** Open loop: makes due every upload whose time has come, each on the next tablet in turn. */
    void schedule() {
      long now = System.nanoTime();
      while (true) {
        long at = start + scheduled * 1_000_000_000L / rate;
        if (at > now || at >= end) {
          break;
        }
        int k = (int) (scheduled++ % fleet.size());
        if (busy[k]) {
          due.get(k).add(at);
        } else {
          send(k, at);
        }
      }
      if (now >= end) {
        vertx.cancelTimer(timer);
        finishIfDone();
      }
    }

    void send(int k, long dueAt) {
      Tablet t = fleet.get(k);
      if (t.next >= t.sealed()) {
        failed++;
        System.out.println("tablet " + k + " ran out of sealed envelopes");
        return;
      }
      byte[] env = t.envelope(t.next);
      String id = t.id(t.next++);
      busy[k] = true;
      inFlight++;
      client.request(new RequestOptions().setMethod(HttpMethod.PUT)
              .setAbsoluteURI(base + "/api/v1/sync/interviews/" + id + "/revisions/1")
              .putHeader("Authorization", "Bearer " + t.token).putHeader("Content-Type", Envelope.MEDIA_TYPE))
          .compose(req -> req.send(Buffer.buffer(env))
              .compose(resp -> resp.body().map(body -> resp.statusCode() == 201
                  && body.toString().contains("\"status\":\"accepted\"") ? null : resp.statusCode() + " " + body)))
          .onComplete(outcome -> {
            record(System.nanoTime() - dueAt);
            String failure = outcome.failed() ? outcome.cause().toString() : outcome.result();
            if (failure == null) {
              accepted++;
            } else if (++failed <= 3) {
              System.out.println("failed: " + failure);
            }
            inFlight--;
            busy[k] = false;
            Long next = due.get(k).poll();
            if (next != null) {
              send(k, next);
            } else if (rate == 0 && System.nanoTime() < end) {
              send(k, System.nanoTime());
            }
            finishIfDone();
          });
    }

    void record(long latency) {
      if (n == latencies.length) {
        latencies = Arrays.copyOf(latencies, n * 2);
      }
      latencies[n++] = latency;
    }

    void finishIfDone() {
      if (inFlight == 0 && System.nanoTime() >= end && due.stream().allMatch(ArrayDeque::isEmpty)) {
        result.complete(new Result(accepted, failed, (System.nanoTime() - start) / 1e9, Arrays.copyOf(latencies, n)));
      }
    }
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  /** A simulated tablet: its credentials and its pre-sealed envelopes. */
  private static final class Tablet {
    final String deviceId;
    final String token;
    final String enumeratorId;
    final SigningKeyPair key;
    final PublishedKey surveyKey;
    // the envelopes off the heap, back to back: 200 tablets hold about 400 MB of them, which on the heap made every
    // full collection of the server's JVM copy them (pauses of 115-215 ms the server would not have on its own)
    ByteBuffer envelopes;
    int[] ends;
    String[] ids;
    int next;

    Tablet(String deviceId, String token, String enumeratorId, SigningKeyPair key, PublishedKey surveyKey) {
      this.deviceId = deviceId;
      this.token = token;
      this.enumeratorId = enumeratorId;
      this.key = key;
      this.surveyKey = surveyKey;
    }

    int sealed() {
      return ids.length;
    }

    byte[] envelope(int i) {
      byte[] copy = new byte[ends[i] - (i == 0 ? 0 : ends[i - 1])];
      envelopes.get(i == 0 ? 0 : ends[i - 1], copy);
      return copy;
    }

    String id(int i) {
      return ids[i];
    }

    void seal(int n, byte[] answers) {
      Sealer sealer = new Sealer(deviceId, FieldsyncCrypto.signer(key));
      ids = new String[n];
      ends = new int[n];
      for (int i = 0; i < n; i++) {
        String id = UUID.randomUUID().toString();
        EnvelopeHeader header = EnvelopeHeader.builder().interviewId(id).revision(1).surveyId(Demo.SURVEY)
            .formId("household").formVersion(1).deviceId(deviceId).enumeratorId(enumeratorId)
            .disposition("completed").householdTypeFound("NON").startedAt(Instant.parse("2026-11-20T08:00:00Z"))
            .endedAt(Instant.parse("2026-11-20T08:40:00Z")).surveyKeyId(surveyKey.keyId()).build();
        byte[] envelope = sealer.seal(header, answers, surveyKey).toByteArray();
        if (envelopes == null) {
          envelopes = ByteBuffer.allocateDirect(n * (envelope.length + 256));
        }
        envelopes.put(envelope);
        ends[i] = envelopes.position();
        ids[i] = id;
      }
    }
  }

  private static Tablet enrol(HttpClient http, String base, String manager, String enumerator) throws Exception {
    JsonObject code = post(http, base + "/api/v1/surveys/" + Demo.SURVEY + "/enrolments", manager,
        new JsonObject().put("enumerator", enumerator));
    SigningKeyPair key = FieldsyncCrypto.generateSigningKeyPair();
    String normalised = EnrolmentInvite.normalizeCode(code.getString("code"));
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    JsonObject enrolled = post(http, base + "/api/v1/devices/enrol", null, new JsonObject().put("code", normalised)
        .put("publicKey", b64.encodeToString(key.publicKey()))
        .put("proof", b64.encodeToString(FieldsyncCrypto.enrolmentProof(normalised, FieldsyncCrypto.signer(key))))
        .put("deviceName", "load tablet").put("appVersion", "load"));
    JsonObject sk = enrolled.getJsonObject("surveyKey");
    return new Tablet(enrolled.getString("deviceId"), enrolled.getString("token"),
        enrolled.getJsonObject("enumerator").getString("id"), key,
        new PublishedKey(sk.getString("keyId"), Base64.getUrlDecoder().decode(sk.getString("publicKey"))));
  }

  private static String login(HttpClient http, String base, String user, String password) throws Exception {
    return post(http, base + "/api/v1/auth/login", null, new JsonObject().put("username", user)
        .put("password", password)).getString("token");
  }

  private static JsonObject post(HttpClient http, String url, String token, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
    }
    return new JsonObject(r.body());
  }

  /** A valid household interview with {@code members} people (the shipped example's members, repeated). */
  static byte[] household(int members) throws IOException {
    ObjectNode answers = (ObjectNode) JSON.readTree(ShippedQuestionnaires.example("household", "valid-1.json"));
    ArrayNode roster = (ArrayNode) answers.get("roster");
    List<ObjectNode> originals = new ArrayList<>();
    roster.forEach(m -> originals.add((ObjectNode) m));
    String[] names = {"Fatoumata Diallo Keita", "Mamadou Ousmane Traoré", "Aïssata Coulibaly", "Ibrahima Sow Ndiaye",
        "Mariam Konaté Sangaré", "Seydou Bathily Diarra"};
    IntStream.range(originals.size(), members).forEach(i -> {
      ObjectNode copy = originals.get(1 + i % (originals.size() - 1)).deepCopy();
      copy.put("line_no", i + 1);
      copy.put("name", names[i % names.length] + " " + (i + 1));
      roster.add(copy);
    });
    return JSON.writeValueAsBytes(answers);
  }
}
