package org.fieldsync.server.export;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A string for each of many slots, its UTF-8 bytes kept in one shared pool: about 17 bytes a slot for a household id
 * of 9 characters, where a {@code String[]} costs about 64. An export keeps one household id per sampled household,
 * and a million of them as strings were 100 MB of a 512 MB heap, enough to make the collector run most of the time.
 */
final class StringColumn {
  private static final long NONE = -1;
  private byte[] pool = new byte[1 << 16];
  private int used;
  /** Per slot: where its bytes start in the pool (high 40 bits) and how many there are (low 24), or NONE. */
  private long[] at = new long[0];

  /** Makes room for slots up to {@code capacity} - 1, new ones empty. */
  void grow(int capacity) {
    int from = at.length;
    at = Arrays.copyOf(at, capacity);
    Arrays.fill(at, from, capacity, NONE);
  }

  void set(int slot, String value) {
    if (value == null) {
      at[slot] = NONE;
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length >= 1 << 24) {
      throw new IllegalArgumentException("a string of " + bytes.length + " bytes");
    }
    if (used + bytes.length > pool.length) {
      pool = Arrays.copyOf(pool, Math.max(pool.length * 2, used + bytes.length));
    }
    System.arraycopy(bytes, 0, pool, used, bytes.length);
    at[slot] = (long) used << 24 | bytes.length;
    used += bytes.length;
  }

  String get(int slot) {
    long a = at[slot];
    return a == NONE ? null : new String(pool, (int) (a >>> 24), (int) (a & 0xFFFFFF), StandardCharsets.UTF_8);
  }
}
