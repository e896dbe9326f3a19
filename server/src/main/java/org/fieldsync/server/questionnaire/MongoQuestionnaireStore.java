package org.fieldsync.server.questionnaire;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.fieldsync.server.store.Mongo;
import org.fieldsync.server.store.StoreErrors;

/**
 * The {@code questionnaires} collection, one document per version with {@code _id = formId@version}. The schema is
 * kept as its canonical JSON string: JSON Schema's {@code $}-keywords are not valid MongoDB field names, and the
 * string is exactly the bytes whose SHA-256 identifies the version.
 */
public final class MongoQuestionnaireStore implements QuestionnaireStore {
  private final MongoCollection<Document> collection;

  public MongoQuestionnaireStore(Mongo mongo) {
    this.collection = mongo.db().getCollection("questionnaires");
  }

  @Override
  public void ensureIndexes() {
    collection.createIndex(Indexes.ascending("formId", "version"), new IndexOptions().unique(true));
    collection.createIndex(Indexes.ascending("sha256"));
  }

  @Override
  public boolean insert(StoredQuestionnaire q) {
    QuestionnaireVersionView v = q.view();
    return StoreErrors.insertIfAbsent(collection, new Document("_id", v.formId() + "@" + v.version())
        .append("formId", v.formId())
        .append("version", v.version())
        .append("sha256", v.sha256())
        .append("title", new Document(new LinkedHashMap<>(v.title())))
        .append("kind", v.kind())
        .append("publishedAt", Date.from(v.publishedAt()))
        .append("publishedBy", v.publishedBy())
        .append("retired", false)
        .append("content", q.content()));
  }

  @Override
  public Optional<StoredQuestionnaire> find(String formId, int version) {
    return Optional.ofNullable(collection.find(eq("_id", formId + "@" + version)).first())
        .map(d -> new StoredQuestionnaire(toView(d), d.getString("content")));
  }

  @Override
  public Optional<StoredQuestionnaire> previous(String formId, int version) {
    return Optional.ofNullable(collection.find(and(eq("formId", formId), lt("version", version)))
            .sort(Sorts.descending("version")).first())
        .map(d -> new StoredQuestionnaire(toView(d), d.getString("content")));
  }

  @Override
  public List<QuestionnaireVersionView> list(String formId) {
    List<QuestionnaireVersionView> out = new ArrayList<>();
    collection.find(formId == null ? new Document() : eq("formId", formId))
        .projection(new Document("content", 0))
        .sort(Sorts.ascending("formId", "version"))
        .forEach(d -> out.add(toView(d)));
    return out;
  }

  @Override
  public Optional<QuestionnaireVersionView> retire(String formId, int version, Instant at, String by) {
    collection.updateOne(and(eq("_id", formId + "@" + version), eq("retired", false)),
        Updates.combine(Updates.set("retired", true), Updates.set("retiredAt", Date.from(at)),
            Updates.set("retiredBy", by)));
    return find(formId, version).map(StoredQuestionnaire::view);
  }

  private static QuestionnaireVersionView toView(Document d) {
    Map<String, String> title = new LinkedHashMap<>();
    Document t = d.get("title", Document.class);
    if (t != null) {
      t.forEach((k, v) -> title.put(k, String.valueOf(v)));
    }
    Date retiredAt = d.getDate("retiredAt");
    return new QuestionnaireVersionView(d.getString("formId"), d.getInteger("version"), d.getString("sha256"), title,
        d.getString("kind"), d.getDate("publishedAt").toInstant(), d.getString("publishedBy"),
        d.getBoolean("retired", false), retiredAt == null ? null : retiredAt.toInstant());
  }
}
