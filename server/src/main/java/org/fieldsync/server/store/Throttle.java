package org.fieldsync.server.store;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * Counts failures per key (a username, a client address) in fixed time windows, in the store, so every server
 * instance sees the same counts. A window's counter is one document keyed by {@code key:window}, incremented
 * atomically; old windows expire (TTL index on a real MongoDB; the embedded store keeps them, they are tiny).
 */
public final class Throttle {
  private final MongoCollection<Document> counters;
  private final Clock clock;
  private final Duration window;

  public Throttle(Mongo mongo, Clock clock, Duration window) {
    this.counters = mongo.db().getCollection("throttle");
    this.clock = clock;
    this.window = window;
  }

  public void ensureIndexes() {
    counters.createIndex(Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
  }

  /** Failures recorded for a key in the current window. */
  public long failures(String key) {
    Document d = counters.find(eq("_id", id(key))).first();
    return d == null ? 0 : ((Number) d.get("count")).longValue();
  }

  /** Records one failure for a key; returns the window's count including it. */
  public long fail(String key) {
    Document d = counters.findOneAndUpdate(eq("_id", id(key)), Updates.combine(Updates.inc("count", 1L),
        Updates.setOnInsert("expiresAt", Date.from(windowEnd().plus(window)))),
        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    return ((Number) d.get("count")).longValue();
  }

  /** Seconds until the current window ends (for {@code Retry-After}). */
  public long secondsLeft() {
    return Math.max(1, Duration.between(clock.instant(), windowEnd()).toSeconds());
  }

  private String id(String key) {
    return key + ":" + clock.millis() / window.toMillis();
  }

  private Instant windowEnd() {
    long w = clock.millis() / window.toMillis();
    return Instant.ofEpochMilli((w + 1) * window.toMillis());
  }
}
