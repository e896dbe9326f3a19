package org.fieldsync.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
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
 * with {@code PUT /api/v1/sync/interviews/{id}/revisions/1} over HTTP/1.1 from one thread per tablet, closed loop (a
 * tablet sends its next upload when it has its receipt), and records every latency. Only 201 receipts with status
 * accepted count.
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
        tablets, (long) tablets * perTablet, fleet.get(0).envelopes.get(0).length, (System.nanoTime() - t0) / 1e9);

    run(http, base, fleet, warmUp, "warm-up", rate);
    Result r = run(http, base, fleet, seconds, "measured", rate);
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
   * Runs the fleet for a while. Closed loop ({@code rate} 0): each tablet sends its next upload when it has its
   * receipt. Open loop: each tablet sends on a fixed schedule, together {@code rate} uploads a second, and latency is
   * measured from the scheduled time, so a slow answer also counts against the uploads it delayed (no coordinated
   * omission).
   */
  private static Result run(HttpClient http, String base, List<Tablet> fleet, int seconds, String phase, int rate)
      throws InterruptedException {
    long interval = rate > 0 ? 1_000_000_000L * fleet.size() / rate : 0;
    AtomicLong accepted = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long[][] latencies = new long[fleet.size()][];
    CountDownLatch done = new CountDownLatch(fleet.size());
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    for (int i = 0; i < fleet.size(); i++) {
      int k = i;
      Tablet t = fleet.get(i);
      Thread thread = new Thread(() -> {
        long[] mine = new long[t.envelopes.size()];
        int n = 0;
        // tablets start spread over one interval
        long scheduled = start + (interval == 0 ? 0 : interval * k / fleet.size());
        try {
          while (System.nanoTime() < end && t.next < t.envelopes.size()) {
            byte[] env = t.envelopes.get(t.next);
            String id = t.ids.get(t.next++);
            long s = System.nanoTime();
            if (interval > 0) {
              long wait = scheduled - s;
              if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
              }
              s = scheduled;
              scheduled += interval;
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sync/interviews/"
                    + id + "/revisions/1")).header("Authorization", "Bearer " + t.token)
                .header("Content-Type", Envelope.MEDIA_TYPE).PUT(HttpRequest.BodyPublishers.ofByteArray(env)).build(),
                HttpResponse.BodyHandlers.ofString());
            mine[n++] = System.nanoTime() - s;
            if (r.statusCode() == 201 && r.body().contains("\"status\":\"accepted\"")) {
              accepted.incrementAndGet();
            } else {
              if (failed.incrementAndGet() <= 3) {
                System.out.println("failed: " + r.statusCode() + " " + r.body());
              }
            }
          }
        } catch (IOException | InterruptedException e) {
          failed.incrementAndGet();
          System.out.println("tablet " + k + ": " + e);
        } finally {
          latencies[k] = Arrays.copyOf(mine, n);
          done.countDown();
        }
      });
      thread.start();
    }
    done.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray();
    System.out.printf(Locale.ROOT, "%s: %,d accepted in %.1f s%n", phase, accepted.get(), elapsed);
    return new Result(accepted.get(), failed.get(), elapsed, all);
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
    final List<byte[]> envelopes = new ArrayList<>();
    final List<String> ids = new ArrayList<>();
    int next;

    Tablet(String deviceId, String token, String enumeratorId, SigningKeyPair key, PublishedKey surveyKey) {
      this.deviceId = deviceId;
      this.token = token;
      this.enumeratorId = enumeratorId;
      this.key = key;
      this.surveyKey = surveyKey;
    }

    void seal(int n, byte[] answers) {
      Sealer sealer = new Sealer(deviceId, FieldsyncCrypto.signer(key));
      for (int i = 0; i < n; i++) {
        String id = UUID.randomUUID().toString();
        EnvelopeHeader header = EnvelopeHeader.builder().interviewId(id).revision(1).surveyId(Demo.SURVEY)
            .formId("household").formVersion(1).deviceId(deviceId).enumeratorId(enumeratorId)
            .disposition("completed").householdTypeFound("NON").startedAt(Instant.parse("2026-11-20T08:00:00Z"))
            .endedAt(Instant.parse("2026-11-20T08:40:00Z")).surveyKeyId(surveyKey.keyId()).build();
        envelopes.add(sealer.seal(header, answers, surveyKey).toByteArray());
        ids.add(id);
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
