package org.fieldsync.server.export;

import java.util.Arrays;

/**
 * A map from non-negative {@code long} keys to {@code int} values with open addressing: twelve bytes an entry at
 * most, where a {@code HashMap<Long, Integer>} costs about sixty. An export keeps one entry per sampled household.
 */
final class LongIntMap {
  private static final long EMPTY = -1;
  private long[] keys;
  private int[] values;
  private int size;

  LongIntMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[capacity];
    values = new int[capacity];
    Arrays.fill(keys, EMPTY);
  }

  /** @throws IllegalArgumentException if the key is negative */
  void put(long key, int value) {
    if (key < 0) {
      throw new IllegalArgumentException("negative key " + key);
    }
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int i = slot(key);
    if (keys[i] == EMPTY) {
      keys[i] = key;
      size++;
    }
    values[i] = value;
  }

  /** @return the value, or -1 if the key is absent */
  int get(long key) {
    if (key < 0) {
      return -1;
    }
    int i = slot(key);
    return keys[i] == EMPTY ? -1 : values[i];
  }

  int size() {
    return size;
  }

  private int slot(long key) {
    int mask = keys.length - 1;
    int i = (int) (mix(key) & mask);
    while (keys[i] != EMPTY && keys[i] != key) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        int j = slot(oldKeys[i]);
        keys[j] = oldKeys[i];
        values[j] = oldValues[i];
      }
    }
  }

  /** The finaliser of SplitMix64 (Steele, Lea and Flood 2014): spreads clustered keys over the table. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
