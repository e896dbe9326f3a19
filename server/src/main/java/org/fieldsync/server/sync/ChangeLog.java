package org.fieldsync.server.sync;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fieldsync.server.sync.SyncStore.Change;

/**
 * The per-survey log of what changed for each enumerator, which tablets pull with a cursor (docs/sync-protocol.md
 * section 4.2).
 *
 * <p>Without transactions a sequence number is allocated (a counter's {@code $inc}) before its entry is inserted, so a
 * reader can see entry 412 before 411 exists. A reader therefore advances only through consecutive numbers: at a gap
 * it stops, unless the entry after the gap is older than {@link #GRACE} (the allocating writer died; the number will
 * never be filled). Writers append the change <em>before</em> making the state it describes, so a tablet may hear of
 * an assignment slightly early but never misses one; applying a change twice is harmless.
 */
public final class ChangeLog {
  static final Duration GRACE = Duration.ofSeconds(60);
  static final int PAGE = 500;
  private static final int SCAN = 5000;
  /** How far below the allocated maximum a snapshot's cursor starts: entries older than that are surely written. */
  private static final long SNAPSHOT_WINDOW = 1000;

  private final SyncStore store;
  private final Clock clock;

  /** One change for one enumerator; {@code change} is its JSON without {@code seq}. */
  public record Entry(String enumeratorId, JsonObject change) {}

  /** A page of changes for one enumerator, and the cursor after it. */
  public record Page(List<JsonObject> changes, long cursor, boolean more) {}

  public ChangeLog(SyncStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Appends changes to a survey's log, with consecutive sequence numbers. */
  public void append(String surveyId, List<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    long first = store.allocate(surveyId, entries.size());
    Instant now = clock.instant();
    List<Change> changes = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      changes.add(new Change(first + i, e.enumeratorId(), e.change().getString("type"), e.change().encode(), now));
    }
    store.insertChanges(surveyId, changes);
  }

  /** The enumerator's changes after {@code after}, up to the highest number below which none can still appear. */
  public Page read(String surveyId, String enumeratorId, long after) {
    List<Change> scanned = store.changesAfter(surveyId, after, SCAN);
    Instant now = clock.instant();
    List<JsonObject> mine = new ArrayList<>();
    long safe = after;
    long expected = after + 1;
    boolean more = false;
    for (Change c : scanned) {
      if (c.seq() != expected && Duration.between(c.at(), now).compareTo(GRACE) < 0) {
        break; // a younger writer may still fill the gap: do not hand out a cursor past it
      }
      safe = c.seq();
      expected = c.seq() + 1;
      if (c.enumeratorId().equals(enumeratorId)) {
        mine.add(new JsonObject(c.payload()).put("seq", c.seq()));
        if (mine.size() == PAGE) {
          more = true;
          break;
        }
      }
    }
    if (!more && scanned.size() == SCAN && safe == scanned.get(scanned.size() - 1).seq()) {
      more = true;
    }
    return new Page(mine, safe, more);
  }

  /**
   * A cursor from which a snapshot's follow-up pulls miss nothing; take it <em>before</em> reading the state the
   * snapshot reports. It stops before any entry younger than {@link #GRACE}: a writer logs a change before it stores
   * the state, so the state of a recent entry may not be readable yet; such entries are sent again (harmless).
   */
  public long snapshotCursor(String surveyId) {
    long start = Math.max(0, store.allocated(surveyId) - SNAPSHOT_WINDOW);
    long cursor = start;
    while (true) {
      Page p = read(surveyId, "\u0000none", cursor);
      if (p.cursor() == cursor || !p.more()) {
        cursor = p.cursor();
        break;
      }
      cursor = p.cursor();
    }
    Instant young = clock.instant().minus(GRACE);
    for (Change c : store.changesAfter(surveyId, start, SCAN)) {
      if (c.seq() > cursor) {
        break;
      }
      if (c.at().isAfter(young)) {
        return c.seq() - 1;
      }
    }
    return cursor;
  }
}
