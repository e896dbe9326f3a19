package org.fieldsync.server.interview;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.fieldsync.server.store.Mongo;
import org.fieldsync.server.store.SortableIds;
import org.fieldsync.server.store.StoreErrors;

/**
 * Collections {@code interviews} and {@code interview_returns}. A revision is found by its {@code key}
 * ({@code interviewId#revision}) under a unique index, which the embedded store serves from the index, as it does
 * {@code _id}. The {@code _id} itself is time-ordered (the receipt time, then a counter): documents are appended at the
 * end of the B-tree instead of landing between older ones, so a commit rewrites one leaf rather than one per upload
 * (interview ids are random UUIDs made on the tablets).
 */
public final class MongoInterviewStore implements InterviewStore {
  private final MongoCollection<Document> interviews;
  private final MongoCollection<Document> returns;

  public MongoInterviewStore(Mongo mongo) {
    this.interviews = mongo.db().getCollection("interviews");
    this.returns = mongo.db().getCollection("interview_returns");
  }

  @Override
  public void ensureIndexes() {
    interviews.createIndex(Indexes.ascending("key"), new com.mongodb.client.model.IndexOptions().unique(true)
        .sparse(true));
    interviews.createIndex(Indexes.ascending("surveyId", "enumeratorId"));
    interviews.createIndex(Indexes.ascending("surveyId", "eaId"));
  }

  @Override
  public boolean insert(StoredInterview i) {
    return StoreErrors.insertIfAbsent(interviews, document(i));
  }

  @Override
  public List<Boolean> insertAll(List<StoredInterview> list) {
    java.util.Set<Integer> duplicates = StoreErrors.duplicatesOf(interviews,
        list.stream().map(MongoInterviewStore::document).toList());
    return java.util.stream.IntStream.range(0, list.size()).mapToObj(k -> !duplicates.contains(k)).toList();
  }

  private static Document document(StoredInterview i) {
    List<Document> errors = i.errors().stream().map(e -> new Document("code", e.code()).append("message", e.message())
        .append("pointer", e.pointer())).toList();
    Document d = new Document("_id", storageId(i.receivedAt())).append("key", i.interviewId() + "#" + i.revision())
        .append("interviewId", i.interviewId()).append("revision", i.revision()).append("surveyId", i.surveyId())
        .append("formId", i.formId()).append("formVersion", i.formVersion()).append("assignmentId", i.assignmentId())
        .append("householdId", i.householdId()).append("eaId", i.eaId()).append("deviceId", i.deviceId())
        .append("enumeratorId", i.enumeratorId()).append("disposition", i.disposition())
        .append("householdTypeFound", i.householdTypeFound()).append("startedAt", date(i.startedAt()))
        .append("endedAt", date(i.endedAt())).append("surveyKeyId", i.surveyKeyId())
        .append("envelope", new Binary(i.envelope())).append("envelopeSha256", i.envelopeSha256())
        .append("receivedAt", date(i.receivedAt())).append("status", i.status()).append("errors", errors)
        .append("receipt", new Binary(i.receipt()));
    if (i.answers() != null) {
      d.append("answers", new Binary(i.answers()));
    }
    return d;
  }

  private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();
  private static final String INSTANCE = Long.toHexString(new java.security.SecureRandom().nextLong() >>> 16);

  /** Receipt time in milliseconds, then this process's id and a counter: increasing within a process. */
  private static String storageId(Instant receivedAt) {
    long ms = receivedAt == null ? System.currentTimeMillis() : receivedAt.toEpochMilli();
    return SortableIds.decimal(ms, 13) + "-" + INSTANCE + "-" + SortableIds.hex(SEQUENCE.incrementAndGet(), 12);
  }

  @Override
  public Optional<StoredInterview> find(String interviewId, int revision) {
    Document d = interviews.find(eq("key", interviewId + "#" + revision)).first();
    if (d == null) {
      return Optional.empty();
    }
    List<StoredInterview.Error> errors = d.getList("errors", Document.class, List.of()).stream()
        .map(e -> new StoredInterview.Error(e.getString("code"), e.getString("message"), e.getString("pointer")))
        .toList();
    return Optional.of(new StoredInterview(d.getString("interviewId"), d.getInteger("revision"),
        d.getString("surveyId"), d.getString("formId"), d.getInteger("formVersion"), d.getString("assignmentId"),
        d.getString("householdId"), d.getString("eaId"), d.getString("deviceId"), d.getString("enumeratorId"),
        d.getString("disposition"), d.getString("householdTypeFound"), instant(d.getDate("startedAt")),
        instant(d.getDate("endedAt")), d.getString("surveyKeyId"), d.get("envelope", Binary.class).getData(),
        d.getString("envelopeSha256"), instant(d.getDate("receivedAt")), d.getString("status"), errors,
        d.get("receipt", Binary.class).getData(), bytes(d, "answers")));
  }

  @Override
  public boolean exists(String interviewId, int revision) {
    return interviews.find(eq("key", interviewId + "#" + revision)).projection(new Document("_id", 1)).first()
        != null;
  }

  @Override
  public Optional<Integer> returnedRevision(String interviewId) {
    return Optional.ofNullable(returns.find(eq("_id", interviewId)).first()).map(d -> d.getInteger("revision"));
  }

  @Override
  public void markReturned(String interviewId, int revision, String surveyId, String enumeratorId, String change) {
    returns.updateOne(eq("_id", interviewId), Updates.combine(Updates.max("revision", revision),
        Updates.set("surveyId", surveyId), Updates.set("enumeratorId", enumeratorId),
        Updates.set("change" + revision, change)), new UpdateOptions().upsert(true));
  }

  /** Scans the returns of the survey: only snapshots (a lost cursor, a new tablet) ask. */
  @Override
  public List<String> pendingReturns(String surveyId, String enumeratorId) {
    List<String> out = new java.util.ArrayList<>();
    returns.find(com.mongodb.client.model.Filters.and(eq("surveyId", surveyId), eq("enumeratorId", enumeratorId)))
        .forEach(d -> {
          int revision = d.getInteger("revision");
          if (!exists(d.getString("_id"), revision + 1) && d.getString("change" + revision) != null) {
            out.add(d.getString("change" + revision));
          }
        });
    return out;
  }

  @Override
  public long count(String surveyId) {
    return interviews.countDocuments(eq("surveyId", surveyId));
  }

  private static Date date(Instant i) {
    return i == null ? null : Date.from(i);
  }

  private static Instant instant(Date d) {
    return d == null ? null : d.toInstant();
  }

  @Override
  public void setReview(String interviewId, int revision, String state, String by, Instant at, String comment) {
    interviews.updateOne(eq("key", interviewId + "#" + revision), Updates.set("review",
        new org.bson.Document("state", state).append("by", by).append("at", date(at)).append("comment", comment)));
  }

  @Override
  public Optional<String> review(String interviewId, int revision) {
    Document d = interviews.find(eq("key", interviewId + "#" + revision)).projection(new Document("review", 1))
        .first();
    return Optional.ofNullable(d).map(x -> x.get("review", Document.class)).map(r -> r.getString("state"));
  }

  @Override
  public void forEachOfSurvey(String surveyId, java.util.function.Consumer<Summary> each) {
    String after = null;
    while (true) {
      List<Scanned> page = page(surveyId, after, PAGE, false);
      page.forEach(p -> each.accept(p.summary()));
      if (page.size() < PAGE) {
        return;
      }
      after = page.get(page.size() - 1).storageId();
    }
  }

  private static final int PAGE = 1000;

  /**
   * A range on {@code _id} sorted by {@code _id} with a limit: served from the {@code _id} index by MongoDB, and
   * read lazily from the B-tree by the embedded store ({@code EmbeddedBackend}), which would otherwise decode and
   * sort the whole collection for each page. The first page starts at "" (every storage id is a string).
   */
  @Override
  public List<Scanned> page(String surveyId, String after, String before, int limit, boolean sealed) {
    // the envelope is read only for revisions without the server's copy of the answers (stored before copies)
    Document projection = new Document("receipt", 0).append("envelope", 0);
    if (!sealed) {
      projection.append("answers", 0);
    }
    List<Scanned> out = new java.util.ArrayList<>(limit);
    List<Bson> filters = new java.util.ArrayList<>(List.of(eq("surveyId", surveyId),
        after == null ? Filters.gte("_id", "") : Filters.gt("_id", after)));
    if (before != null) {
      filters.add(Filters.lt("_id", before));
    }
    interviews.find(Filters.and(filters))
        .sort(Indexes.ascending("_id")).limit(limit).batchSize(limit).projection(projection)
        .forEach(d -> {
          Document review = d.get("review", Document.class);
          Summary summary = new Summary(d.getString("interviewId"), d.getInteger("revision"),
              d.getString("surveyId"), d.getString("assignmentId"), d.getString("householdId"), d.getString("eaId"),
              d.getString("enumeratorId"), d.getString("disposition"), d.getString("householdTypeFound"),
              instant(d.getDate("startedAt")), instant(d.getDate("endedAt")), instant(d.getDate("receivedAt")),
              d.getString("status"), d.getList("errors", Document.class, List.of()).size(),
              review == null ? null : review.getString("state"));
          byte[] answers = bytes(d, "answers");
          byte[] envelope = sealed && answers == null ? envelope(d.getString("_id")) : null;
          out.add(new Scanned(d.getString("_id"), summary, d.getInteger("formVersion", 0), d.getString("deviceId"),
              d.getString("surveyKeyId"), envelope, answers));
        });
    return out;
  }

  /** Both ends read from the {@code _id} index, forwards and backwards (the embedded store reads its B-tree). */
  @Override
  public Optional<String[]> storageIdSpan(String surveyId) {
    Bson ofSurvey = Filters.and(eq("surveyId", surveyId), Filters.gte("_id", ""));
    Document first = interviews.find(ofSurvey).sort(Indexes.ascending("_id")).projection(new Document("_id", 1))
        .first();
    Document last = interviews.find(ofSurvey).sort(Indexes.descending("_id")).projection(new Document("_id", 1))
        .first();
    return first == null || last == null ? Optional.empty()
        : Optional.of(new String[] {first.getString("_id"), last.getString("_id")});
  }

  private byte[] envelope(String storageId) {
    Document d = interviews.find(eq("_id", storageId)).projection(new Document("envelope", 1)).first();
    return d == null ? null : bytes(d, "envelope");
  }

  private static byte[] bytes(Document d, String field) {
    Binary b = d.get(field, Binary.class);
    return b == null ? null : b.getData();
  }

}
