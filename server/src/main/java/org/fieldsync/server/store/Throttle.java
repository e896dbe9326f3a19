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

  /**
   * Counts an attempt for a key <em>before</em> it is tried, atomically, and returns the window's count including it:
   * concurrent attempts cannot all slip under the limit. A successful attempt is given back with {@link #forgive}, so
   * what stays counted are the failures.
   */
  public long attempt(String key) {
    Document d = counters.findOneAndUpdate(eq("_id", id(key)), Updates.combine(Updates.inc("count", 1L),
        Updates.setOnInsert("expiresAt", Date.from(windowEnd().plus(window)))),
        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    return ((Number) d.get("count")).longValue();
  }

  /** Gives back an attempt that succeeded. */
  public void forgive(String key) {
    counters.updateOne(eq("_id", id(key)), Updates.inc("count", -1L));
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
