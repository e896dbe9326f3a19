package org.fieldsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldsync.server.sync.SyncStore.Device;
import org.junit.jupiter.api.Test;

class RecentDevicesTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final RecentDevices recent = new RecentDevices(now::get, Duration.ofNanos(100));

  private static Device device(String id, Instant revokedAt) {
    return new Device(id, "s1", "e1", "enumerator1", new byte[32], "tablet", "1.0", Instant.EPOCH, revokedAt);
  }

  @Test
  void aDeviceReadIsKeptForTheTtlCountedFromBeforeTheRead() {
    Device d = device("d1", null);
    RecentDevices.Read read = recent.beforeRead();
    now.addAndGet(30); // the read took 30 ns
    read.remember("h1", d);
    assertEquals(Optional.of(d), recent.get("h1"));
    now.addAndGet(69);
    assertEquals(Optional.of(d), recent.get("h1"));
    now.addAndGet(1);
    assertEquals(Optional.empty(), recent.get("h1"));
    assertEquals(Optional.empty(), recent.get("another token"));
  }

  @Test
  void aRevokedDeviceIsNeverKept() {
    recent.beforeRead().remember("h1", device("d1", Instant.EPOCH));
    assertEquals(Optional.empty(), recent.get("h1"));
  }

  @Test
  void forgettingADeviceDropsEveryTokenOfItAndNoOther() {
    recent.beforeRead().remember("h1", device("d1", null));
    recent.beforeRead().remember("h2", device("d1", null));
    recent.beforeRead().remember("h3", device("d2", null));
    recent.forget("d1");
    assertEquals(Optional.empty(), recent.get("h1"));
    assertEquals(Optional.empty(), recent.get("h2"));
    assertTrue(recent.get("h3").isPresent());
  }

  @Test
  void aReadThatRacedWithARevocationIsNotKept() {
    RecentDevices.Read read = recent.beforeRead(); // reads the device as it was before the revocation ...
    recent.forget("d1"); // ... which is written and forgotten meanwhile
    read.remember("h1", device("d1", null));
    assertEquals(Optional.empty(), recent.get("h1"));
    RecentDevices.Read after = recent.beforeRead();
    after.remember("h2", device("d2", null));
    assertTrue(recent.get("h2").isPresent());
  }
}
