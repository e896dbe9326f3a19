package org.fieldsync.server.audit;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.regex;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.fieldsync.server.store.Mongo;

/**
 * The {@code audit} collection. Event ids are {@code <epoch-millis, 13 digits>-<random>}, so sorting by id is sorting
 * by time across server instances, and a page continues from the last id seen.
 */
public final class MongoAuditStore implements AuditStore {
  private final MongoCollection<Document> audit;

  public MongoAuditStore(Mongo mongo) {
    this.audit = mongo.db().getCollection("audit");
  }

  @Override
  public void ensureIndexes() {
    audit.createIndex(Indexes.ascending("actorId"));
    audit.createIndex(Indexes.ascending("action"));
    audit.createIndex(Indexes.ascending("objectType", "objectId"));
  }

  @Override
  public void append(AuditEvent e) {
    audit.insertOne(document(e));
  }

  @Override
  public void appendAll(List<AuditEvent> events) {
    if (!events.isEmpty()) {
      audit.insertMany(events.stream().map(MongoAuditStore::document).toList());
    }
  }

  private static Document document(AuditEvent e) {
    return new Document("_id", e.id())
        .append("at", Date.from(e.at()))
        .append("actorId", e.actorId())
        .append("actorName", e.actorName())
        .append("action", e.action())
        .append("objectType", e.objectType())
        .append("objectId", e.objectId())
        .append("details", new Document(e.details()));
  }

  @Override
  public List<AuditEvent> find(AuditQuery q) {
    List<Bson> filters = new ArrayList<>();
    if (q.actor() != null) {
      filters.add(or(eq("actorId", q.actor()), eq("actorName", q.actor())));
    }
    if (q.action() != null) {
      if (q.action().endsWith("*") || q.action().endsWith(".")) {
        String prefix = q.action().replaceAll("\\*+$", "");
        filters.add(regex("action", "^" + Pattern.quote(prefix)));
      } else {
        filters.add(eq("action", q.action()));
      }
    }
    if (q.objectType() != null) {
      filters.add(eq("objectType", q.objectType()));
    }
    if (q.objectId() != null) {
      filters.add(eq("objectId", q.objectId()));
    }
    if (q.since() != null) {
      filters.add(gte("at", Date.from(q.since())));
    }
    if (q.until() != null) {
      filters.add(lte("at", Date.from(q.until())));
    }
    if (q.before() != null) {
      filters.add(lt("_id", q.before()));
    }
    Bson filter = filters.isEmpty() ? new Document() : and(filters);
    List<AuditEvent> out = new ArrayList<>();
    audit.find(filter).sort(Sorts.descending("_id")).limit(q.limit()).forEach(d -> out.add(toEvent(d)));
    return out;
  }

  private static AuditEvent toEvent(Document d) {
    Map<String, Object> details = new LinkedHashMap<>();
    Document stored = d.get("details", Document.class);
    if (stored != null) {
      details.putAll(stored);
    }
    return new AuditEvent(d.getString("_id"), d.getDate("at").toInstant(), d.getString("actorId"),
        d.getString("actorName"), d.getString("action"), d.getString("objectType"), d.getString("objectId"), details);
  }
}
