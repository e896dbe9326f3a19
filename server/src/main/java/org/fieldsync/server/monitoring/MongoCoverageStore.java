package org.fieldsync.server.monitoring;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.fieldsync.server.store.Mongo;
import org.fieldsync.server.store.StoreErrors;

/**
 * Collection {@code coverage} holds the cells ({@code _id} as in {@link HouseholdState}), the household states
 * ({@code _id} = {@code hh|}assignment id) and the survey versions ({@code _id} = {@code v|}survey id), told apart by
 * {@code kind}; then {@code alerts} and {@code sync_activity} ({@code _id} = survey|enumerator).
 */
public final class MongoCoverageStore implements CoverageStore {
  private static final int CHUNK = 64;
  private static final String HOUSEHOLD = "hh|";
  private static final String VERSION = "v|";
  /** Cells, household states and survey versions share one collection, so a commit group reads and writes once. */
  private final MongoCollection<Document> cells;
  private final MongoCollection<Document> alerts;
  private final MongoCollection<Document> activity;

  public MongoCoverageStore(Mongo mongo) {
    this.cells = mongo.db().getCollection("coverage");
    this.alerts = mongo.db().getCollection("alerts");
    this.activity = mongo.db().getCollection("sync_activity");
  }

  @Override
  public void ensureIndexes() {
    cells.createIndex(new Document("kind", 1).append("surveyId", 1).append("review", 1));
    alerts.createIndex(new Document("surveyId", 1));
  }

  @Override
  public Map<String, HouseholdState> households(Collection<String> assignmentIds) {
    return read(assignmentIds, List.of()).households();
  }

  @Override
  public Snapshot read(Collection<String> assignmentIds, Collection<String> cellIds) {
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(cellIds));
    assignmentIds.stream().distinct().forEach(a -> ids.add(HOUSEHOLD + a));
    Map<String, HouseholdState> states = new HashMap<>();
    Map<String, Cell> found = new HashMap<>();
    for (int i = 0; i < ids.size(); i += CHUNK) {
      cells.find(in("_id", ids.subList(i, Math.min(ids.size(), i + CHUNK)))).forEach(d -> {
        if (d.getString("_id").startsWith(HOUSEHOLD)) {
          HouseholdState s = state(d);
          states.put(s.assignmentId(), s);
        } else {
          found.put(d.getString("_id"), cell(d));
        }
      });
    }
    return new Snapshot(states, found);
  }

  @Override
  public void apply(Collection<HouseholdState> states, Collection<CellDelta> deltas) {
    Set<String> surveys = new LinkedHashSet<>();
    List<WriteModel<Document>> writes = new ArrayList<>();
    for (HouseholdState s : states) {
      surveys.add(s.surveyId());
      writes.add(new ReplaceOneModel<>(eq("_id", HOUSEHOLD + s.assignmentId()), document(s),
          new ReplaceOptions().upsert(true)));
    }
    for (CellDelta d : deltas) {
      Cell c = d.describe();
      surveys.add(c.surveyId());
      List<Bson> updates = new ArrayList<>();
      updates.add(Updates.setOnInsert("kind", "cell"));
      updates.add(Updates.setOnInsert("surveyId", c.surveyId()));
      updates.add(Updates.setOnInsert("level", c.level()));
      updates.add(Updates.setOnInsert("eaId", c.eaId()));
      updates.add(Updates.setOnInsert("stratum", c.stratum()));
      updates.add(Updates.setOnInsert("teamId", c.teamId()));
      updates.add(Updates.setOnInsert("enumeratorId", c.enumeratorId()));
      d.increments().forEach((path, n) -> updates.add(Updates.inc(path, n)));
      if (d.lastAt() != null) {
        updates.add(Updates.max("lastAt", Date.from(d.lastAt())));
      }
      if (d.since() != null) {
        updates.add(Updates.min("since", Date.from(d.since())));
      }
      writes.add(new UpdateOneModel<>(eq("_id", c.id()), Updates.combine(updates),
          new UpdateOptions().upsert(true)));
    }
    for (String s : surveys) {
      writes.add(version(s));
    }
    if (!writes.isEmpty()) {
      cells.bulkWrite(writes, new BulkWriteOptions().ordered(false));
    }
  }

  private static WriteModel<Document> version(String surveyId) {
    return new UpdateOneModel<>(eq("_id", VERSION + surveyId), Updates.combine(Updates.setOnInsert("kind",
        "version"), Updates.inc("version", 1L)), new UpdateOptions().upsert(true));
  }

  /**
   * Reads cells by {@code _id} in chunks: the embedded store serves each id of an {@code $in} from the index but then
   * matches every document against the whole list, quadratic in the list's length.
   */
  @Override
  public List<Cell> cells(Collection<String> ids) {
    List<Cell> out = new ArrayList<>();
    List<String> list = new ArrayList<>(ids);
    for (int i = 0; i < list.size(); i += CHUNK) {
      cells.find(in("_id", list.subList(i, Math.min(list.size(), i + CHUNK)))).forEach(d -> out.add(cell(d)));
    }
    return out;
  }

  @Override
  public Map<String, Long> versions(Collection<String> surveyIds) {
    Map<String, Long> out = new HashMap<>();
    if (!surveyIds.isEmpty()) {
      cells.find(in("_id", surveyIds.stream().map(s -> VERSION + s).toList())).forEach(d ->
          out.put(d.getString("_id").substring(VERSION.length()), ((Number) d.get("version")).longValue()));
    }
    return out;
  }

  @Override
  public boolean addAlert(Alert a) {
    return StoreErrors.insertIfAbsent(alerts, new Document("_id", a.id()).append("surveyId", a.surveyId())
        .append("kind", a.kind()).append("level", a.level()).append("subject", a.subject())
        .append("message", a.message()).append("interviewId", a.interviewId()).append("teamId", a.teamId())
        .append("enumeratorId", a.enumeratorId()).append("eaId", a.eaId()).append("at", Date.from(a.at())));
  }

  @Override
  public List<Alert> alerts(String surveyId) {
    List<Alert> out = new ArrayList<>();
    alerts.find(eq("surveyId", surveyId)).forEach(d -> out.add(new Alert(d.getString("_id"),
        d.getString("surveyId"), d.getString("kind"), d.getString("level"), d.getString("subject"),
        d.getString("message"), d.getString("interviewId"), d.getString("teamId"), d.getString("enumeratorId"),
        d.getString("eaId"), d.getDate("at").toInstant())));
    return out;
  }

  @Override
  public void touchSync(String surveyId, String enumeratorId, Instant at) {
    activity.updateOne(eq("_id", surveyId + "|" + enumeratorId), Updates.max("lastSyncAt", Date.from(at)),
        new UpdateOptions().upsert(true));
  }

  @Override
  public Map<String, Instant> lastSyncs(String surveyId, Collection<String> enumeratorIds) {
    Map<String, Instant> out = new HashMap<>();
    if (!enumeratorIds.isEmpty()) {
      activity.find(in("_id", enumeratorIds.stream().map(e -> surveyId + "|" + e).toList())).forEach(d ->
          out.put(d.getString("_id").substring(surveyId.length() + 1), d.getDate("lastSyncAt").toInstant()));
    }
    return out;
  }

  @Override
  public List<HouseholdState> interviewedHouseholds(String surveyId) {
    List<HouseholdState> out = new ArrayList<>();
    cells.find(and(eq("kind", "household"), eq("surveyId", surveyId))).batchSize(1000)
        .forEach(d -> out.add(state(d)));
    return out;
  }

  @Override
  public void replaceAll(String surveyId, Collection<Cell> newCells, Collection<HouseholdState> states) {
    cells.deleteMany(and(eq("surveyId", surveyId), in("kind", List.of("cell", "household"))));
    List<Document> docs = new ArrayList<>();
    for (Cell c : newCells) {
      Document d = new Document("_id", c.id()).append("kind", "cell").append("surveyId", c.surveyId())
          .append("level", c.level())
          .append("eaId", c.eaId()).append("stratum", c.stratum()).append("teamId", c.teamId())
          .append("enumeratorId", c.enumeratorId());
      c.counters().forEach((path, n) -> put(d, path, n));
      if (c.lastAt() != null) {
        d.append("lastAt", Date.from(c.lastAt()));
      }
      if (c.since() != null) {
        d.append("since", Date.from(c.since()));
      }
      docs.add(d);
    }
    for (int i = 0; i < docs.size(); i += 1000) {
      cells.insertMany(docs.subList(i, Math.min(docs.size(), i + 1000)));
    }
    List<Document> hs = states.stream().map(MongoCoverageStore::document).toList();
    for (int i = 0; i < hs.size(); i += 1000) {
      cells.insertMany(hs.subList(i, Math.min(hs.size(), i + 1000)));
    }
    cells.bulkWrite(List.of(version(surveyId)));
  }

  private static void put(Document d, String path, long n) {
    String[] parts = path.split("\\.");
    Document at = d;
    for (int i = 0; i < parts.length - 1; i++) {
      Document next = at.get(parts[i], Document.class);
      if (next == null) {
        next = new Document();
        at.put(parts[i], next);
      }
      at = next;
    }
    at.put(parts[parts.length - 1], n);
  }

  private static Cell cell(Document d) {
    Map<String, Long> counters = new LinkedHashMap<>();
    for (String root : List.of("days", "dur", "prog")) {
      Object v = d.get(root);
      if (v instanceof Document sub) {
        flatten(root, sub, counters);
      }
    }
    long[][] counts = new long[CoverageService.TYPES.size()][CoverageService.COUNTERS.size()];
    if (d.get("c") instanceof Document byType) {
      for (int t = 0; t < counts.length; t++) {
        if (byType.get(CoverageService.TYPES.get(t)) instanceof Document values) {
          for (Map.Entry<String, Object> e : values.entrySet()) {
            int k = CoverageService.counterIndex(e.getKey());
            if (k >= 0 && e.getValue() instanceof Number n) {
              counts[t][k] = n.longValue();
            }
          }
        }
      }
    }
    Date lastAt = d.getDate("lastAt");
    Date since = d.getDate("since");
    return new Cell(d.getString("_id"), d.getString("surveyId"), d.getString("level"), d.getString("eaId"),
        d.getString("stratum"), d.getString("teamId"), d.getString("enumeratorId"), counters,
        lastAt == null ? null : lastAt.toInstant(), since == null ? null : since.toInstant(), counts);
  }

  private static void flatten(String prefix, Document d, Map<String, Long> out) {
    d.forEach((k, v) -> {
      if (v instanceof Document sub) {
        flatten(prefix + "." + k, sub, out);
      } else if (v instanceof Number n && n.longValue() != 0) {
        out.put(prefix + "." + k, n.longValue());
      }
    });
  }

  private static Document document(HouseholdState s) {
    return new Document("_id", HOUSEHOLD + s.assignmentId()).append("kind", "household")
        .append("surveyId", s.surveyId()).append("eaId", s.eaId())
        .append("stratum", s.stratum()).append("teamId", s.teamId()).append("enumeratorId", s.enumeratorId())
        .append("type", s.type()).append("householdId", s.householdId()).append("interviewId", s.interviewId())
        .append("revision", s.revision()).append("receivedAt", date(s.receivedAt()))
        .append("startedAt", date(s.startedAt())).append("endedAt", date(s.endedAt()))
        .append("disposition", s.disposition().name()).append("review", s.review().wire())
        .append("typeFound", s.typeFound()).append("errors", s.errors());
  }

  private static HouseholdState state(Document d) {
    return new HouseholdState(d.getString("_id").substring(HOUSEHOLD.length()), d.getString("surveyId"),
        d.getString("eaId"),
        d.getString("stratum"), d.getString("teamId"), d.getString("enumeratorId"), d.getString("type"),
        d.getString("householdId"), d.getString("interviewId"), d.getInteger("revision", 0),
        instant(d.getDate("receivedAt")), instant(d.getDate("startedAt")), instant(d.getDate("endedAt")),
        Disposition.valueOf(d.getString("disposition")), ReviewState.fromWire(d.getString("review")),
        d.getString("typeFound"), d.getInteger("errors", 0));
  }

  private static Date date(Instant i) {
    return i == null ? null : Date.from(i);
  }

  private static Instant instant(Date d) {
    return d == null ? null : d.toInstant();
  }
}
