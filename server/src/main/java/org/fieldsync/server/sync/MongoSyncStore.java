package org.fieldsync.server.sync;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.Binary;
import org.fieldsync.server.store.Mongo;
import org.fieldsync.server.store.StoreErrors;

/**
 * Collections {@code enrolments} (keyed by the code's hash), {@code devices}, {@code device_tokens} (token hash →
 * device, so a request resolves its device by {@code _id}), {@code keys}, {@code counters} and {@code changes}
 * ({@code _id = survey:seq}).
 */
public final class MongoSyncStore implements SyncStore {
  private final MongoCollection<Document> enrolments;
  private final MongoCollection<Document> devices;
  private final MongoCollection<Document> tokens;
  private final MongoCollection<Document> keys;
  private final MongoCollection<Document> counters;
  private final MongoCollection<Document> changes;
  private final RecentDevices recent = new RecentDevices(System::nanoTime, RecentDevices.TTL);

  public MongoSyncStore(Mongo mongo) {
    this.enrolments = mongo.db().getCollection("enrolments");
    this.devices = mongo.db().getCollection("devices");
    this.tokens = mongo.db().getCollection("device_tokens");
    this.keys = mongo.db().getCollection("keys");
    this.counters = mongo.db().getCollection("counters");
    this.changes = mongo.db().getCollection("changes");
  }

  @Override
  public void ensureIndexes() {
    devices.createIndex(Indexes.ascending("surveyId"));
    keys.createIndex(Indexes.ascending("surveyId"));
    changes.createIndex(Indexes.ascending("surveyId", "seq"));
  }

  @Override
  public void insertEnrolment(Enrolment e) {
    enrolments.insertOne(new Document("_id", e.codeHash()).append("surveyId", e.surveyId())
        .append("enumeratorId", e.enumeratorId()).append("enumerator", e.enumerator())
        .append("expiresAt", Date.from(e.expiresAt())).append("issuedBy", e.issuedBy())
        .append("issuedAt", Date.from(e.issuedAt())).append("usedAt", null));
  }

  @Override
  public Optional<Enrolment> claimEnrolment(String codeHash, Instant now) {
    Document d = enrolments.findOneAndUpdate(
        and(eq("_id", codeHash), eq("usedAt", null), gt("expiresAt", Date.from(now))),
        Updates.set("usedAt", Date.from(now)), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    return Optional.ofNullable(d).map(x -> new Enrolment(x.getString("_id"), x.getString("surveyId"),
        x.getString("enumeratorId"), x.getString("enumerator"), x.getDate("expiresAt").toInstant(),
        x.getString("issuedBy"), x.getDate("issuedAt").toInstant()));
  }

  @Override
  public void insertDevice(Device d, String tokenHash) {
    devices.insertOne(deviceDocument(d).append("_id", d.id()));
    tokens.insertOne(deviceDocument(d).append("_id", tokenHash).append("deviceId", d.id()));
  }

  /** One lookup by {@code _id}: the token record carries a copy of its device (revocation updates both). */
  @Override
  public Optional<Device> deviceByTokenHash(String tokenHash) {
    RecentDevices.Read read = recent.beforeRead();
    Optional<Device> found = Optional.ofNullable(tokens.find(eq("_id", tokenHash)).first()).map(t -> {
      Document d = new Document(t);
      d.put("_id", t.getString("deviceId"));
      return device(d);
    });
    found.ifPresent(d -> read.remember(tokenHash, d));
    return found;
  }

  @Override
  public Optional<Device> recentDeviceByTokenHash(String tokenHash) {
    return recent.get(tokenHash);
  }

  @Override
  public Optional<Device> device(String deviceId) {
    return Optional.ofNullable(devices.find(eq("_id", deviceId)).first()).map(MongoSyncStore::device);
  }

  @Override
  public Optional<Device> revokeDevice(String deviceId, Instant at, String by, String reason) {
    // the token record first: it is what requests are checked against
    tokens.updateMany(and(eq("deviceId", deviceId), eq("revokedAt", null)), Updates.set("revokedAt", Date.from(at)));
    devices.updateOne(and(eq("_id", deviceId), eq("revokedAt", null)), Updates.combine(
        Updates.set("revokedAt", Date.from(at)), Updates.set("revokedBy", by), Updates.set("reason", reason)));
    recent.forget(deviceId);
    return device(deviceId);
  }

  @Override
  public int revokeDevicesOf(String enumeratorId, Instant at, String by, String reason) {
    List<String> ids = new ArrayList<>();
    devices.find(and(eq("enumeratorId", enumeratorId), eq("revokedAt", null))).forEach(d -> ids.add(d.getString("_id")));
    ids.forEach(id -> revokeDevice(id, at, by, reason));
    return ids.size();
  }

  @Override
  public List<Device> devices(String surveyId) {
    List<Device> out = new ArrayList<>();
    devices.find(eq("surveyId", surveyId)).sort(Sorts.ascending("createdAt")).forEach(d -> out.add(device(d)));
    return out;
  }

  /**
   * Survey keys are inserted under their own ids; the server signing key under one fixed id, if absent, so that
   * instances starting together on an empty store all end up with the same key.
   */
  @Override
  public void insertKey(StoredKey k) {
    if (k.surveyId() == null) {
      StoreErrors.insertIfAbsent(keys, keyDocument(k).append("_id", "server:signing"));
      return;
    }
    keys.insertOne(keyDocument(k).append("_id", "survey:" + k.surveyId() + ":" + k.keyId()));
  }

  private static Document keyDocument(StoredKey k) {
    return new Document("keyId", k.keyId()).append("surveyId", k.surveyId())
        .append("publicKey", new Binary(k.publicKey())).append("wrappedPrivateKey", new Binary(k.wrappedPrivateKey())).append("createdAt", Date.from(k.createdAt()));
  }


  @Override
  public List<StoredKey> keys(String surveyId) {
    List<StoredKey> out = new ArrayList<>();
    keys.find(eq("surveyId", surveyId)).sort(Sorts.ascending("createdAt", "_id")).forEach(d -> out.add(
        new StoredKey(d.getString("keyId"), d.getString("surveyId"), d.get("publicKey", Binary.class).getData(),
            d.get("wrappedPrivateKey", Binary.class).getData(), d.getDate("createdAt").toInstant())));
    return out;
  }

  @Override
  public long allocate(String surveyId, int n) {
    Document c = counters.findOneAndUpdate(eq("_id", "changes:" + surveyId), Updates.inc("seq", (long) n),
        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    return ((Number) c.get("seq")).longValue() - n + 1;
  }

  @Override
  public long allocated(String surveyId) {
    Document c = counters.find(eq("_id", "changes:" + surveyId)).first();
    return c == null ? 0 : ((Number) c.get("seq")).longValue();
  }

  @Override
  public void insertChanges(String surveyId, List<Change> list) {
    if (list.isEmpty()) {
      return;
    }
    changes.insertMany(list.stream().map(c -> new Document("_id", surveyId + ":" + c.seq()).append("surveyId", surveyId)
        .append("seq", c.seq()).append("enumeratorId", c.enumeratorId()).append("type", c.type())
        .append("payload", c.payload()).append("at", Date.from(c.at()))).toList());
  }

  @Override
  public List<Change> changesAfter(String surveyId, long after, int limit) {
    List<Change> out = new ArrayList<>();
    changes.find(and(eq("surveyId", surveyId), gt("seq", after))).sort(Sorts.ascending("seq")).limit(limit)
        .forEach(d -> out.add(new Change(((Number) d.get("seq")).longValue(), d.getString("enumeratorId"),
            d.getString("type"), d.getString("payload"), d.getDate("at").toInstant())));
    return out;
  }

  private static Document deviceDocument(Device d) {
    return new Document("surveyId", d.surveyId()).append("enumeratorId", d.enumeratorId())
        .append("enumerator", d.enumerator()).append("publicKey", new Binary(d.publicKey())).append("name", d.name())
        .append("appVersion", d.appVersion()).append("createdAt", Date.from(d.createdAt())).append("revokedAt", null);
  }

  private static Device device(Document d) {
    Date revoked = d.getDate("revokedAt");
    return new Device(d.getString("_id"), d.getString("surveyId"), d.getString("enumeratorId"),
        d.getString("enumerator"), d.get("publicKey", Binary.class).getData(), d.getString("name"),
        d.getString("appVersion"), d.getDate("createdAt").toInstant(), revoked == null ? null : revoked.toInstant());
  }
}
