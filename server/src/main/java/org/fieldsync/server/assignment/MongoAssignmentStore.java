package org.fieldsync.server.assignment;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.fieldsync.server.store.Mongo;
import org.fieldsync.server.store.StoreErrors;

/** The {@code assignments} collection. */
public final class MongoAssignmentStore implements AssignmentStore {
  private final MongoCollection<Document> assignments;

  public MongoAssignmentStore(Mongo mongo) {
    this.assignments = mongo.db().getCollection("assignments");
  }

  @Override
  public void ensureIndexes() {
    assignments.createIndex(Indexes.ascending("surveyId", "enumeratorId"));
    assignments.createIndex(Indexes.ascending("planId", "eaId"));
  }

  @Override
  public int insertAll(List<AssignmentView> list) {
    return StoreErrors.insertAllIfAbsent(assignments, list.stream().map(MongoAssignmentStore::toDocument).toList());
  }

  @Override
  public List<AssignmentView> insertNew(List<AssignmentView> list) {
    if (list.isEmpty()) {
      return List.of();
    }
    java.util.Set<Integer> duplicates = StoreErrors.duplicatesOf(assignments,
        list.stream().map(MongoAssignmentStore::toDocument).toList());
    return java.util.stream.IntStream.range(0, list.size()).filter(i -> !duplicates.contains(i))
        .mapToObj(list::get).toList();
  }

  @Override
  public List<AssignmentView> find(String surveyId, String planId, String eaId, String kind, String enumeratorId) {
    List<Bson> filters = new ArrayList<>(List.of(eq("surveyId", surveyId)));
    if (planId != null) {
      filters.add(eq("planId", planId));
    }
    if (eaId != null) {
      filters.add(eq("eaId", eaId));
    }
    if (kind != null) {
      filters.add(eq("kind", kind));
    }
    if (enumeratorId != null) {
      filters.add(eq("enumeratorId", enumeratorId));
    }
    List<AssignmentView> out = new ArrayList<>();
    assignments.find(and(filters)).sort(Sorts.ascending("eaId", "kind", "household.line")).batchSize(1000)
        .forEach(d -> out.add(toView(d)));
    return out;
  }

  @Override
  public List<AssignmentView> page(String surveyId, String planId, String kind, String after, int limit) {
    List<AssignmentView> out = new ArrayList<>(limit);
    assignments.find(and(eq("surveyId", surveyId), eq("planId", planId), eq("kind", kind),
            after == null ? com.mongodb.client.model.Filters.gte("_id", "")
                : com.mongodb.client.model.Filters.gt("_id", after)))
        .sort(Sorts.ascending("_id")).limit(limit).batchSize(limit).forEach(d -> out.add(toView(d)));
    return out;
  }

  @Override
  public java.util.Optional<AssignmentView> findById(String id) {
    return java.util.Optional.ofNullable(assignments.find(eq("_id", id)).first()).map(MongoAssignmentStore::toView);
  }

  private static Document toDocument(AssignmentView a) {
    Document d = new Document("_id", a.id()).append("kind", a.kind()).append("surveyId", a.surveyId())
        .append("planId", a.planId()).append("eaId", a.eaId()).append("stratum", a.stratum())
        .append("teamId", a.teamId()).append("enumeratorId", a.enumeratorId()).append("enumerator", a.enumerator())
        .append("formId", a.formId()).append("formVersion", a.formVersion()).append("status", a.status())
        .append("pi1", a.pi1()).append("pi2", a.pi2()).append("baseWeight", a.baseWeight())
        .append("createdAt", Date.from(a.createdAt()));
    if (a.household() != null) {
      AssignmentView.Household h = a.household();
      d.append("household", new Document("line", h.line()).append("householdId", h.householdId())
          .append("type", h.type()).append("takeClass", h.takeClass()).append("group", h.group())
          .append("certaintyEa", h.certaintyEa()));
    }
    return d;
  }

  private static AssignmentView toView(Document d) {
    Document h = d.get("household", Document.class);
    AssignmentView.Household household = h == null ? null : new AssignmentView.Household(h.getInteger("line"),
        h.getString("householdId"), h.getString("type"), h.getString("takeClass"), h.getString("group"),
        h.getBoolean("certaintyEa", false));
    return new AssignmentView(d.getString("_id"), d.getString("kind"), d.getString("surveyId"),
        d.getString("planId"), d.getString("eaId"), d.getString("stratum"), d.getString("teamId"),
        d.getString("enumeratorId"), d.getString("enumerator"), d.getString("formId"), d.getInteger("formVersion"),
        d.getString("status"), household, d.getDouble("pi1"), d.getDouble("pi2"), d.getDouble("baseWeight"),
        d.getDate("createdAt").toInstant());
  }
}
