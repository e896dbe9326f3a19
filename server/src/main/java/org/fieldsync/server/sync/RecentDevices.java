package org.fieldsync.server.sync;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.fieldsync.server.sync.SyncStore.Device;

/**
 * Devices as recently read by their token hash, so that a tablet's requests within {@link #TTL} of the last read are
 * let in without a store round trip (that read was 8 % of the server's CPU under the upload load). Only devices that
 * were not revoked when read are kept. Revoking a device through this process forgets it at once, also against a read
 * that raced with the revocation; another server process on the same database sees a revocation within the TTL.
 */
final class RecentDevices {
  static final Duration TTL = Duration.ofSeconds(2);
  /** Above this many entries, a new one first drops the expired ones. */
  private static final int TIDY_ABOVE = 10_000;

  private record Entry(Device device, long readAtNanos) {}

  private final Map<String, Entry> byTokenHash = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;
  private final long ttlNanos;
  private long revocations; // guarded by this

  RecentDevices(LongSupplier nanoTime, Duration ttl) {
    this.nanoTime = nanoTime;
    this.ttlNanos = ttl.toNanos();
  }

  /** The device read for this token hash less than the TTL ago, if any. */
  Optional<Device> get(String tokenHash) {
    Entry e = byTokenHash.get(tokenHash);
    return e == null || nanoTime.getAsLong() - e.readAtNanos >= ttlNanos ? Optional.empty() : Optional.of(e.device);
  }

  /** Taken before a read from the store, and handed back to {@link Read#remember}. */
  synchronized Read beforeRead() {
    return new Read(revocations, nanoTime.getAsLong());
  }

  /** A read in progress: what was true before it started. */
  final class Read {
    private final long revocationsBefore;
    private final long startedAtNanos;

    private Read(long revocationsBefore, long startedAtNanos) {
      this.revocationsBefore = revocationsBefore;
      this.startedAtNanos = startedAtNanos;
    }

    /** Keeps what the read found, unless the device is revoked or any revocation happened while it read. */
    void remember(String tokenHash, Device device) {
      synchronized (RecentDevices.this) {
        if (device.revokedAt() != null || revocations != revocationsBefore) {
          return;
        }
        if (byTokenHash.size() >= TIDY_ABOVE) {
          long now = nanoTime.getAsLong();
          byTokenHash.values().removeIf(e -> now - e.readAtNanos >= ttlNanos);
        }
        byTokenHash.put(tokenHash, new Entry(device, startedAtNanos));
      }
    }
  }

  /** Called once a revocation is written: the device is read from the store again on its next request. */
  synchronized void forget(String deviceId) {
    revocations++;
    byTokenHash.values().removeIf(e -> e.device.id().equals(deviceId));
  }
}
