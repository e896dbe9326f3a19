package org.fieldsync.server.sampling;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.Binary;
import org.fieldsync.server.sampling.SamplingViews.ClassView;
import org.fieldsync.server.sampling.SamplingViews.Exclusion;
import org.fieldsync.server.sampling.SamplingViews.FrameView;
import org.fieldsync.server.sampling.SamplingViews.PlanView;
import org.fieldsync.server.sampling.SamplingViews.SampleEaView;
import org.fieldsync.server.store.Mongo;
import org.fieldsync.server.store.StoreErrors;

/**
 * Collections {@code frames} (one per survey and frame), {@code frame_chunks} (the frame bytes in 1 MiB chunks keyed
 * by hash and index: a 1,000,000-EA frame is ~35 MB, above MongoDB's 16 MB document limit), {@code plans},
 * {@code survey_samples} (the one frozen plan of a survey), {@code sample_eas} and {@code listings}.
 *
 * <p>Design and plan record are kept as JSON strings: their maps are keyed by stratum ids made from the frame's
 * domain names, which need not be valid MongoDB field names.
 */
public final class MongoSamplingStore implements SamplingStore {
  private static final int CHUNK = 1 << 20;

  private final MongoCollection<Document> frames;
  private final MongoCollection<Document> chunks;
  private final MongoCollection<Document> plans;
  private final MongoCollection<Document> samples;
  private final MongoCollection<Document> sampleEas;
  private final MongoCollection<Document> listings;

  public MongoSamplingStore(Mongo mongo) {
    this.frames = mongo.db().getCollection("frames");
    this.chunks = mongo.db().getCollection("frame_chunks");
    this.plans = mongo.db().getCollection("plans");
    this.samples = mongo.db().getCollection("survey_samples");
    this.sampleEas = mongo.db().getCollection("sample_eas");
    this.listings = mongo.db().getCollection("listings");
  }

  @Override
  public void ensureIndexes() {
    frames.createIndex(Indexes.ascending("surveyId"));
    plans.createIndex(Indexes.ascending("surveyId"));
    sampleEas.createIndex(Indexes.ascending("planId"));
  }

  @Override
  public boolean insertFrame(FrameView f, byte[] bytes) {
    List<Document> parts = new ArrayList<>();
    for (int i = 0, k = 0; i < bytes.length; i += CHUNK, k++) {
      int end = Math.min(bytes.length, i + CHUNK);
      byte[] part = java.util.Arrays.copyOfRange(bytes, i, end);
      parts.add(new Document("_id", f.sha256() + ":" + k).append("sha256", f.sha256()).append("n", k)
          .append("data", new Binary(part)));
    }
    StoreErrors.insertAllIfAbsent(chunks, parts);
    List<Document> excluded = f.excluded().stream()
        .map(e -> new Document("line", e.line()).append("eaId", e.eaId()).append("reason", e.reason())).toList();
    return StoreErrors.insertIfAbsent(frames, new Document("_id", f.surveyId() + ":" + f.sha256())
        .append("surveyId", f.surveyId()).append("sha256", f.sha256()).append("name", f.name())
        .append("bytes", f.bytes()).append("chunks", parts.size()).append("eas", f.eas())
        .append("excluded", excluded).append("uploadedAt", Date.from(f.uploadedAt()))
        .append("uploadedBy", f.uploadedBy()));
  }

  @Override
  public Optional<FrameView> findFrame(String surveyId, String sha256) {
    return Optional.ofNullable(frames.find(eq("_id", surveyId + ":" + sha256)).first()).map(MongoSamplingStore::frame);
  }

  @Override
  public List<FrameView> listFrames(String surveyId) {
    List<FrameView> out = new ArrayList<>();
    frames.find(eq("surveyId", surveyId)).sort(Sorts.ascending("uploadedAt")).forEach(d -> out.add(frame(d)));
    return out;
  }

  @Override
  public byte[] frameBytes(String sha256) {
    Document any = frames.find(eq("sha256", sha256)).first();
    if (any == null) {
      throw new IllegalStateException("no frame " + sha256);
    }
    int n = any.getInteger("chunks");
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE, any.getLong("bytes")));
    for (int k = 0; k < n; k++) {
      Document chunk = chunks.find(eq("_id", sha256 + ":" + k)).first();
      if (chunk == null) {
        throw new IllegalStateException("frame " + sha256 + " is missing chunk " + k);
      }
      byte[] data = chunk.get("data", Binary.class).getData();
      out.write(data, 0, data.length);
    }
    return out.toByteArray();
  }

  @Override
  public void insertPlan(StoredPlan p) {
    PlanView v = p.view();
    plans.insertOne(new Document("_id", v.id()).append("surveyId", v.surveyId())
        .append("view", new JsonObject(io.vertx.core.json.Json.encode(v)).encode())
        .append("status", v.status()).append("record", p.recordJson())
        .append("createdAt", Date.from(v.createdAt())));
  }

  @Override
  public Optional<StoredPlan> findPlan(String planId) {
    return Optional.ofNullable(plans.find(eq("_id", planId)).first()).map(MongoSamplingStore::plan);
  }

  @Override
  public List<StoredPlan> listPlans(String surveyId) {
    List<StoredPlan> out = new ArrayList<>();
    plans.find(eq("surveyId", surveyId)).sort(Sorts.ascending("createdAt")).forEach(d -> out.add(plan(d)));
    return out;
  }

  @Override
  public Optional<StoredPlan> markFrozen(String planId, Instant at, String by) {
    plans.updateOne(and(eq("_id", planId), eq("status", "draft")), Updates.combine(Updates.set("status", "frozen"),
        Updates.set("frozenAt", Date.from(at)), Updates.set("frozenBy", by)));
    return findPlan(planId);
  }

  @Override
  public String claimSurveySample(String surveyId, String planId) {
    StoreErrors.insertIfAbsent(samples, new Document("_id", surveyId).append("planId", planId));
    return samples.find(eq("_id", surveyId)).first().getString("planId");
  }

  @Override
  public int insertSampleEas(List<SampleEaView> eas, String planId, String surveyId) {
    return StoreErrors.insertAllIfAbsent(sampleEas, eas.stream().map(e -> new Document("_id", planId + ":" + e.psuId())
        .append("planId", planId).append("surveyId", surveyId).append("psuId", e.psuId()).append("eaId", e.eaId())
        .append("stratum", e.stratum()).append("pi1", e.pi1()).append("certainty", e.certainty())
        .append("hits", e.hits()).append("teamId", e.teamId()).append("enumerator", e.enumerator())
        .append("status", e.status()).append("classes", List.of())).toList());
  }

  @Override
  public Optional<SampleEaView> findSampleEa(String planId, String psuId) {
    return Optional.ofNullable(sampleEas.find(eq("_id", planId + ":" + psuId)).first())
        .map(MongoSamplingStore::sampleEa);
  }

  @Override
  public List<SampleEaView> listSampleEas(String planId) {
    List<SampleEaView> out = new ArrayList<>();
    sampleEas.find(eq("planId", planId)).sort(Sorts.ascending("stratum", "psuId")).batchSize(1000).forEach(d -> out.add(sampleEa(d)));
    return out;
  }

  @Override
  public boolean insertListing(String planId, String psuId, String sha256, Document households) {
    if (StoreErrors.insertIfAbsent(listings, new Document("_id", planId + ":" + psuId).append("planId", planId)
        .append("psuId", psuId).append("sha256", sha256).append("households", households))) {
      return true;
    }
    return listingSha256(planId, psuId).map(sha256::equals).orElse(false);
  }

  @Override
  public Optional<String> listingSha256(String planId, String psuId) {
    return Optional.ofNullable(listings.find(eq("_id", planId + ":" + psuId)).first()).map(d -> d.getString("sha256"));
  }

  @Override
  public void markListed(String planId, String psuId, List<ClassView> classes, Document starts, Instant at) {
    List<Document> cls = classes.stream().map(c -> new Document("takeClass", c.takeClass()).append("group", c.group())
        .append("listed", c.listed()).append("take", c.take()).append("pi2", c.pi2()).append("status", c.status()))
        .toList();
    sampleEas.updateOne(eq("_id", planId + ":" + psuId), Updates.combine(Updates.set("status", "selected"),
        Updates.set("classes", cls), Updates.set("stage2Starts", starts), Updates.set("listedAt", Date.from(at))));
  }

  private static FrameView frame(Document d) {
    List<Exclusion> excluded = d.getList("excluded", Document.class, List.of()).stream()
        .map(e -> new Exclusion(e.getInteger("line"), e.getString("eaId"), e.getString("reason"))).toList();
    return new FrameView(d.getString("sha256"), d.getString("surveyId"), d.getString("name"), d.getLong("bytes"),
        d.getInteger("eas"), excluded, d.getDate("uploadedAt").toInstant(), d.getString("uploadedBy"));
  }

  private static StoredPlan plan(Document d) {
    PlanView stored = new JsonObject(d.getString("view")).mapTo(PlanView.class);
    Date frozenAt = d.getDate("frozenAt");
    PlanView view = new PlanView(stored.id(), stored.surveyId(), stored.frameSha256(), d.getString("status"),
        stored.seed(), stored.design(), stored.precision(), stored.totals(), stored.strata(), stored.warnings(),
        stored.libraryVersion(), stored.createdAt(), stored.createdBy(),
        frozenAt == null ? null : frozenAt.toInstant(), d.getString("frozenBy"));
    return new StoredPlan(view, d.getString("record"));
  }

  private static SampleEaView sampleEa(Document d) {
    List<ClassView> classes = d.getList("classes", Document.class, List.of()).stream()
        .map(c -> new ClassView(c.getString("takeClass"), c.getString("group"), c.getInteger("listed"),
            c.getInteger("take"), c.getDouble("pi2"), c.getString("status"))).toList();
    Date listedAt = d.getDate("listedAt");
    return new SampleEaView(d.getString("psuId"), d.getString("eaId"), d.getString("stratum"), d.getDouble("pi1"),
        d.getBoolean("certainty", false), d.getInteger("hits", 1), d.getString("teamId"), d.getString("enumerator"),
        d.getString("status"), classes, listedAt == null ? null : listedAt.toInstant());
  }

}
